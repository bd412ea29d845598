"use client";

import type { FormEvent, ReactNode } from "react";
import { SubmitButton } from "./submit-button";
import { Field } from "./ui";

// A six-digit code from an app or a text message, or a recovery code. Recovery input is forgiving
// (S20): the server ignores case, spaces and dashes, so the keyboard should not "help" either.
const codeFields = {
  digits: { id: "code", label: "Code", inputMode: "numeric", autoComplete: "one-time-code", pattern: "[0-9 ]*", maxLength: 12 },
  recovery: {
    id: "recovery-code",
    label: "Recovery code",
    autoComplete: "off",
    autoCapitalize: "characters",
    autoCorrect: "off",
    spellCheck: false,
    maxLength: 80,
  },
} as const;

/** Part of SecondFactorMethodsForm: the code of the chosen method. */
export function CodeForm({
  kind = "digits",
  hint,
  describedBy,
  pending,
  extra,
  onCode,
}: {
  kind?: keyof typeof codeFields;
  hint: string;
  describedBy: string[];
  pending: boolean;
  extra?: ReactNode;
  onCode: (code: string) => void;
}) {
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const typed = String(new FormData(event.currentTarget).get("code") ?? "");
    onCode(kind === "digits" ? typed.replace(/\s+/g, "") : typed.trim());
  }
  return (
    <form onSubmit={onSubmit} method="post" className="space-y-4">
      <Field {...codeFields[kind]} name="code" hint={hint} required describedBy={describedBy} invalid={describedBy.length > 0} />
      {extra}
      <SubmitButton pending={pending}>Verify</SubmitButton>
    </form>
  );
}
