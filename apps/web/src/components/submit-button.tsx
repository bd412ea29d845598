"use client";

import type { ReactNode } from "react";
import { useFormStatus } from "react-dom";
import { buttonStyles } from "./ui";

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
  return (
    <button type="submit" className={buttonStyles[variant]} disabled={busy} aria-label={ariaLabel}>
      {children}
    </button>
  );
}
