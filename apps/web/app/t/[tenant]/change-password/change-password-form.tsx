"use client";

import { useActionState } from "react";
import { PasswordField } from "@/components/password-field";
import { SubmitButton } from "@/components/submit-button";
import { FormErrorAlert, FormField } from "@/components/form-field";
import { Alert, ReasonList, TextLink } from "@/components/ui";
import { idle } from "@/lib/form-state";
import { plural } from "@/lib/format";
import type { ChangePasswordState } from "@/server/actions/password";

type Props = {
  tenant: string;
  email: string;
  name: string;
  action: (previous: ChangePasswordState, formData: FormData) => Promise<ChangePasswordState>;
  forgotHref: string;
};

export function ChangePasswordForm({ tenant, email, name, action, forgotHref }: Props) {
  const [state, formAction] = useActionState(action, idle);
  const error = state.status === "error" ? state.error : null;
  const errorId = "change-password-error";
  const passwordReasons = error?.code === "WEAK_PASSWORD" ? (error.details ?? []) : [];
  const currentPasswordWrong = error?.code === "INVALID_CREDENTIALS";

  return (
    <form action={formAction} className="space-y-5">
      {state.status === "done" ? (
        <Alert tone="success" title="Your password has been changed.">
          {state.result.signedOutOtherSessions > 0
            ? `Your other devices were signed out (${plural(state.result.signedOutOtherSessions, "device", "devices")}). This device stays signed in.`
            : "Your other devices were signed out. This device stays signed in."}
        </Alert>
      ) : null}
      <FormErrorAlert error={error} id={errorId}>
        {error?.code !== "WEAK_PASSWORD" && error?.details ? <ReasonList reasons={error.details} /> : null}
        {currentPasswordWrong ? (
          <p>
            Forgotten it? <TextLink href={forgotHref}>Reset your password by email</TextLink>
          </p>
        ) : null}
      </FormErrorAlert>
      {/* Lets password managers file the new password under the right account. */}
      <input type="hidden" name="username" autoComplete="username" value={email} />
      {/* A weak new password is about the new-password field, which lists the reasons itself. */}
      <FormField
        id="currentPassword"
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        formError={error?.code === "WEAK_PASSWORD" ? null : error}
        errorId={errorId}
        invalid={currentPasswordWrong}
      />
      <PasswordField tenant={tenant} id="newPassword" name="newPassword" label="New password" errors={passwordReasons} userInputs={{ email, name }} />
      <SubmitButton>Change password</SubmitButton>
    </form>
  );
}
