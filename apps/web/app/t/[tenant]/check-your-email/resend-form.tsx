"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/submit-button";
import { Alert, Field } from "@/components/ui";
import { idle } from "@/lib/form-state";
import type { ResendState } from "@/server/actions/account";

export function ResendForm({ action }: { action: (previous: ResendState, formData: FormData) => Promise<ResendState> }) {
  const [state, formAction] = useActionState(action, idle);
  const errorId = "resend-error";
  return (
    <form action={formAction} className="space-y-4">
      {state.status === "error" ? <Alert tone="error" id={errorId} title={state.error.message} /> : null}
      {state.status === "done" ? (
        <Alert tone="success" title="Sent.">If that address has an account waiting for confirmation, a new link is on its way.</Alert>
      ) : null}
      <Field
        id="email"
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values?.email}
        describedBy={state.status === "error" ? [errorId] : []}
      />
      <SubmitButton variant="secondary">Send a new link</SubmitButton>
    </form>
  );
}
