"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/submit-button";
import { FormErrorAlert, FormField } from "@/components/form-field";
import { idle } from "@/lib/form-state";
import type { RequestResetState } from "@/server/actions/password";

export function ForgotPasswordForm({ action }: { action: (previous: RequestResetState, formData: FormData) => Promise<RequestResetState> }) {
  const [state, formAction] = useActionState(action, idle);
  const errorId = "forgot-password-error";
  const error = state.status === "error" ? state.error : null;
  return (
    <form action={formAction} className="space-y-5">
      <FormErrorAlert error={error} id={errorId} />
      <FormField
        id="email"
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values?.email}
        formError={error}
        errorId={errorId}
        invalidOnError
      />
      <SubmitButton>Send reset link</SubmitButton>
    </form>
  );
}
