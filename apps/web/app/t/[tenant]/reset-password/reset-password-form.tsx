"use client";

import Link from "next/link";
import { useActionState, useEffect, useRef, useState } from "react";
import { describedByFormError, FormErrorAlert } from "@/components/form-field";
import { PasswordField } from "@/components/password-field";
import { SubmitButton } from "@/components/submit-button";
import { Alert, buttonStyles, ReasonList, TextLink } from "@/components/ui";
import { useFragmentToken } from "@/components/use-fragment-token";
import { type ActionResult, type FormError, idle } from "@/lib/form-state";
import { type ResetLinkStatus, type ResetPasswordState, resetLinkStatusAction } from "@/server/actions/password";

type Props = {
  tenant: string;
  action: (previous: ResetPasswordState, formData: FormData) => Promise<ResetPasswordState>;
  signInHref: string;
  forgotHref: string;
};

type DeadLink = Exclude<ResetLinkStatus, "usable"> | FormError;

const deadLinkCopy = {
  used: { title: "This link has already been used.", text: "Each link works once, and asking for a new link replaces the one before." },
  expired: { title: "This link has expired.", text: "Reset links work for a short time only." },
  unknown: { title: "This link does not work.", text: "Check that the whole link from the email was opened." },
} as const;

/**
 * Why the link cannot set a password: found when the page opened (so nobody types a new password
 * into a form that cannot take it), or when the form was sent (the link used in another tab since).
 */
function deadLinkOf(check: ActionResult<ResetLinkStatus> | null, state: ResetPasswordState): DeadLink | null {
  if (state.status === "error" && state.error.code === "TOKEN_INVALID") return state.error;
  if (!check) return null;
  if (check.ok) return check.value === "usable" ? null : check.value;
  // A token the schema refuses (cut short); any other failure leaves the form to answer on submit.
  return check.error.code === "TOKEN_INVALID" ? check.error : null;
}

export function ResetPasswordForm({ tenant, action, signInHref, forgotHref }: Props) {
  const fragment = useFragmentToken();
  const [state, formAction] = useActionState(action, idle);
  const [check, setCheck] = useState<ActionResult<ResetLinkStatus> | null>(null);
  const checked = useRef<string | null>(null);
  const errorId = "reset-password-error";
  const deadLink = deadLinkOf(check, state);
  const usedUp = state.status === "done" || deadLink !== null;
  const { forget } = fragment;
  useEffect(() => {
    if (usedUp) forget();
  }, [usedUp, forget]);

  useEffect(() => {
    if (fragment.status !== "found" || checked.current === fragment.token) return;
    checked.current = fragment.token;
    void resetLinkStatusAction(tenant, fragment.token).then(setCheck);
  }, [fragment, tenant]);

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

  if (deadLink) {
    const copy = typeof deadLink === "string" ? deadLinkCopy[deadLink] : { title: deadLink.message, text: "Links work once and expire after a while." };
    return (
      <>
        <Alert tone="error" title={copy.title}>
          <p>
            {copy.text} <TextLink href={forgotHref}>Ask for a new link</TextLink>
          </p>
        </Alert>
        <p>
          <TextLink href={signInHref}>Back to sign in</TextLink>
        </p>
      </>
    );
  }
  if (!check) return <p className="text-slate-700">Opening your link…</p>;

  const error = state.status === "error" ? state.error : null;
  const passwordReasons = error?.code === "WEAK_PASSWORD" ? (error.details ?? []) : [];
  return (
    <>
      <p className="text-slate-700">Choose a new password for your account. Other devices will be signed out.</p>
      <form action={formAction} className="space-y-5">
        <FormErrorAlert error={error} id={errorId}>
          {error?.code !== "WEAK_PASSWORD" && error?.details ? <ReasonList reasons={error.details} /> : null}
        </FormErrorAlert>
        <input type="hidden" name="token" value={fragment.token} />
        <PasswordField
          tenant={tenant}
          id="newPassword"
          name="newPassword"
          label="New password"
          errors={passwordReasons}
          // A weak password is about this field, which lists the reasons itself.
          describedBy={describedByFormError(error?.code === "WEAK_PASSWORD" ? null : error, errorId)}
        />
        <SubmitButton>Set new password</SubmitButton>
      </form>
    </>
  );
}
