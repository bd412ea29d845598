"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/submit-button";
import { FormErrorAlert, FormField } from "@/components/form-field";
import { Alert } from "@/components/ui";
import { idle } from "@/lib/form-state";
import type { ResendState } from "@/server/actions/account";

export function ResendForm({ action }: { action: (previous: ResendState, formData: FormData) => Promise<ResendState> }) {
  const [state, formAction] = useActionState(action, idle);
  const errorId = "resend-error";
  const error = state.status === "error" ? state.error : null;
  return (
    <form action={formAction} className="space-y-4">
      <FormErrorAlert error={error} id={errorId} />
      {state.status === "done" ? (
        <Alert tone="success" title="Sent.">If that address has an account waiting for confirmation, a new link is on its way.</Alert>
      ) : null}
      <FormField
        formError={error}
        errorId={errorId}
        id="email"
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values?.email}
      />
      <SubmitButton variant="secondary">Send a new link</SubmitButton>
    </form>
  );
}
