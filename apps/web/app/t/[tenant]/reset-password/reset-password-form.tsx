"use client";

import Link from "next/link";
import { useActionState, useEffect } from "react";
import { PasswordField } from "@/components/password-field";
import { SubmitButton } from "@/components/submit-button";
import { Alert, buttonStyles, ReasonList, TextLink } from "@/components/ui";
import { useFragmentToken } from "@/components/use-fragment-token";
import { idle } from "@/lib/form-state";
import type { ResetPasswordState } from "@/server/actions/password";

type Props = {
  tenant: string;
  action: (previous: ResetPasswordState, formData: FormData) => Promise<ResetPasswordState>;
  signInHref: string;
  forgotHref: string;
};

export function ResetPasswordForm({ tenant, action, signInHref, forgotHref }: Props) {
  const fragment = useFragmentToken();
  const [state, formAction] = useActionState(action, idle);
  const errorId = "reset-password-error";
  const usedUp = state.status === "done" || (state.status === "error" && state.error.code === "TOKEN_INVALID");
  const { forget } = fragment;
  useEffect(() => {
    if (usedUp) forget();
  }, [usedUp, forget]);

  if (state.status === "done") {
    return (
      <>
        <Alert tone="success" title="Your password has been changed.">
          For your safety, every device that was signed in to {state.result.email} has been signed out.
        </Alert>
        <Link href={signInHref} className={buttonStyles.primary}>
          Sign in
        </Link>
      </>
    );
  }
  if (fragment.status === "reading") return <p className="text-slate-700">Opening your link…</p>;
  if (fragment.status === "missing") {
    return (
      <>
        <Alert tone="error" title="This link is incomplete.">
          Open the link from the email again, or ask for a new one.
        </Alert>
        <p>
          <TextLink href={forgotHref}>Ask for a new link</TextLink>
        </p>
      </>
    );
  }

  const error = state.status === "error" ? state.error : null;
  if (error?.code === "TOKEN_INVALID") {
    return (
      <Alert tone="error" title={error.message}>
        <p>
          Links work once and expire after a while. <TextLink href={forgotHref}>Ask for a new link</TextLink>
        </p>
      </Alert>
    );
  }
  const passwordReasons = error?.code === "WEAK_PASSWORD" ? (error.details ?? []) : [];
  return (
    <>
      <p className="text-slate-700">Choose a new password for your account. Other devices will be signed out.</p>
      <form action={formAction} className="space-y-5">
        {error ? (
          <Alert tone="error" id={errorId} title={error.message}>
            {error.code !== "WEAK_PASSWORD" && error.details ? <ReasonList reasons={error.details} /> : null}
          </Alert>
        ) : null}
        <input type="hidden" name="token" value={fragment.token} />
        <PasswordField
          tenant={tenant}
          id="newPassword"
          name="newPassword"
          label="New password"
          errors={passwordReasons}
          describedBy={error && error.code !== "WEAK_PASSWORD" ? [errorId] : []}
        />
        <SubmitButton>Set new password</SubmitButton>
      </form>
    </>
  );
}
