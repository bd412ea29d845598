"use client";

import type { FormEvent } from "react";
import { SubmitButton } from "./submit-button";
import { Field } from "./ui";

/** Part of SecondFactorMethodsForm: "confirm it's you" with the account's password. */
export function PasswordForm({ pending, describedBy, onPassword }: { pending: boolean; describedBy: string[]; onPassword: (password: string) => void }) {
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    onPassword(String(new FormData(event.currentTarget).get("password") ?? ""));
  }
  return (
    <form onSubmit={onSubmit} method="post" className="space-y-4">
      <Field
        id="password"
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        describedBy={describedBy}
        invalid={describedBy.length > 0}
      />
      <SubmitButton pending={pending}>Confirm</SubmitButton>
    </form>
  );
}
