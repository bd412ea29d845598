"use client";

import { type ReactNode, useEffect, useRef } from "react";
import { useFormStatus } from "react-dom";
import { buttonStyles } from "./ui";

/**
 * A form's submit button; disabled while the form is being sent so it is not sent twice.
 *
 * Disabling the focused button drops the browser's focus to <body>: a keyboard user who submitted
 * with it would start again from the top of the page, past the error just shown. So when the
 * answer comes back and focus is nowhere, it goes to the first field the answer marked invalid,
 * else back to this button.
 */
export function SubmitButton({
  children,
  variant = "primary",
  pending: pendingOverride,
  "aria-label": ariaLabel,
}: {
  children: ReactNode;
  variant?: keyof typeof buttonStyles;
  pending?: boolean;
  "aria-label"?: string;
}) {
  const { pending } = useFormStatus();
  const busy = pending || pendingOverride === true;
  const button = useRef<HTMLButtonElement>(null);
  const wasBusy = useRef(false);

  useEffect(() => {
    const finished = wasBusy.current && !busy;
    wasBusy.current = busy;
    const element = button.current;
    if (!finished || !element || (document.activeElement && document.activeElement !== document.body)) return;
    const invalid = element.form?.querySelector<HTMLElement>("[aria-invalid=true]");
    (invalid ?? element).focus();
  }, [busy]);

  return (
    <button ref={button} type="submit" className={buttonStyles[variant]} disabled={busy} aria-label={ariaLabel}>
      {children}
    </button>
  );
}
