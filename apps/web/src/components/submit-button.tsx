"use client";

import { type ReactNode, type RefObject, useEffect, useRef } from "react";
import { useFormStatus } from "react-dom";
import { buttonStyles } from "./ui";

/**
 * For a button disabled while its work runs. Disabling the focused button drops the browser's
 * focus to <body>: a keyboard user who pressed it would start again from the top of the page,
 * past the error just shown. So when the work this button started is done and focus is nowhere,
 * it goes to the first field of the button's form marked invalid, else back to the button. (Two
 * buttons may share one busy state, as the sign-in page's do; only the pressed one acts.)
 */
export function useFocusBackWhenDone(busy: boolean): RefObject<HTMLButtonElement | null> {
  const button = useRef<HTMLButtonElement>(null);
  const wasBusy = useRef(false);
  const wasPressed = useRef(false);
  const startedHere = useRef(false);

  useEffect(() => {
    const element = button.current;
    // A click is also what pressing Enter or Space on the button, or Enter in its form, sends.
    const onClick = () => {
      wasPressed.current = true;
    };
    element?.addEventListener("click", onClick);
    return () => element?.removeEventListener("click", onClick);
  }, []);

  useEffect(() => {
    const started = !wasBusy.current && busy;
    const finished = wasBusy.current && !busy;
    wasBusy.current = busy;
    if (started) {
      startedHere.current = wasPressed.current;
      wasPressed.current = false;
    }
    const element = button.current;
    if (!finished || !startedHere.current || !element || (document.activeElement && document.activeElement !== document.body)) return;
    const invalid = element.form?.querySelector<HTMLElement>("[aria-invalid=true]");
    (invalid ?? element).focus();
  }, [busy]);

  return button;
}

/** A form's submit button; disabled while the form is being sent so it is not sent twice. */
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
  const button = useFocusBackWhenDone(busy);

  return (
    <button ref={button} type="submit" className={buttonStyles[variant]} disabled={busy} aria-label={ariaLabel}>
      {children}
    </button>
  );
}
