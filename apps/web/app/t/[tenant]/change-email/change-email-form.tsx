"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/submit-button";
import { FormErrorAlert, FormField } from "@/components/form-field";
import { Alert } from "@/components/ui";
import { idle } from "@/lib/form-state";
import type { ChangeEmailState } from "@/server/actions/email";

type Props = {
  currentEmail: string;
  action: (previous: ChangeEmailState, formData: FormData) => Promise<ChangeEmailState>;
};

export function ChangeEmailForm({ currentEmail, action }: Props) {
  const [state, formAction] = useActionState(action, idle);
  const error = state.status === "error" ? state.error : null;
  const errorId = "change-email-error";

  if (state.status === "done") {
    return (
      <Alert tone="success" title="Check the new address.">
        We sent a link to <span className="font-medium break-words">{state.result.newEmail}</span>. Open it to finish the change. Until then, your
        account keeps using {currentEmail}.
      </Alert>
    );
  }
  return (
    <form action={formAction} className="space-y-5">
      <FormErrorAlert error={error} id={errorId} withDetails />
      <FormField
        id="currentPassword"
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        formError={error}
        errorId={errorId}
        invalid={error?.code === "INVALID_CREDENTIALS"}
      />
      <FormField
        id="newEmail"
        name="newEmail"
        label="New email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values?.newEmail}
        formError={error}
        errorId={errorId}
      />
      <SubmitButton>Change email</SubmitButton>
    </form>
  );
}
