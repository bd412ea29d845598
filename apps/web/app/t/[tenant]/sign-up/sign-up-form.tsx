"use client";

import { useActionState } from "react";
import { describedByFormError, FormErrorAlert } from "@/components/form-field";
import { PasswordField } from "@/components/password-field";
import { SubmitButton } from "@/components/submit-button";
import { Field } from "@/components/ui";
import { idle } from "@/lib/form-state";
import type { SignUpState } from "@/server/actions/account";

type Props = { tenant: string; action: (previous: SignUpState, formData: FormData) => Promise<SignUpState> };

export function SignUpForm({ tenant, action }: Props) {
  const [state, formAction] = useActionState(action, idle);
  const error = state.status === "error" ? state.error : null;
  const passwordReasons = error?.code === "WEAK_PASSWORD" ? (error.details ?? []) : [];
  const formErrorId = "sign-up-error";
  // A weak password is about the password field, which lists the reasons itself.
  const describedBy = describedByFormError(error?.code === "WEAK_PASSWORD" ? null : error, formErrorId);

  return (
    <form action={formAction} className="space-y-5">
      <FormErrorAlert error={error} id={formErrorId} withDetails={error?.code !== "WEAK_PASSWORD"} />
      <Field id="name" name="name" label="Name" autoComplete="name" required maxLength={100} defaultValue={state.values?.name} describedBy={describedBy} />
      <Field id="email" name="email" label="Email" type="email" autoComplete="email" required maxLength={254} defaultValue={state.values?.email} describedBy={describedBy} />
      <PasswordField
        tenant={tenant}
        id="password"
        name="password"
        label="Password"
        errors={passwordReasons}
        describedBy={describedBy}
        userInputFields={{ email: "email", name: "name" }}
      />
      <SubmitButton>Create account</SubmitButton>
    </form>
  );
}
