"use client";

import { useEffect, useState } from "react";
import { Alert, buttonStyles, TextLink } from "@/components/ui";
import { useFragmentToken } from "@/components/use-fragment-token";
import type { FormError } from "@/lib/form-state";
import { reportNotMeAction } from "@/server/actions/factors";

type Props = { tenant: string; signInHref: string; forgotHref: string };

/**
 * The "this wasn't me" link of a security email. It acts only on a click: mail scanners open
 * links too, and signing a person out everywhere is not something a scanner should do.
 */
export function NotMeForm({ tenant, signInHref, forgotHref }: Props) {
  const fragment = useFragmentToken();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const usedUp = done !== null || error?.code === "TOKEN_INVALID";
  const { forget } = fragment;
  useEffect(() => {
    if (usedUp) forget();
  }, [usedUp, forget]);

  if (done !== null) {
    return (
      <Alert tone="success" title="Your account is locked down.">
        <p>Every device signed in to {done} has been signed out, and we sent a link to set a new password to that address.</p>
        <p className="mt-2">Open it soon: choose a new password you do not use anywhere else.</p>
      </Alert>
    );
  }
  if (fragment.status === "reading") return <p className="text-slate-700">Opening your link…</p>;
  if (fragment.status === "missing") {
    return (
      <>
        <Alert tone="error" title="This link is incomplete.">
          Open the link from the email again. If you think someone else is using your account, reset your password.
        </Alert>
        <p>
          <TextLink href={forgotHref}>Reset your password</TextLink>
        </p>
      </>
    );
  }

  const token = fragment.token;
  async function report() {
    setPending(true);
    setError(null);
    const result = await reportNotMeAction(tenant, token);
    if (result.ok) setDone(result.value.email);
    else setError(result.error);
    setPending(false);
  }

  return (
    <div className="space-y-5">
      <p className="text-slate-700">
        If you did not just sign in or make this change, someone else may know your password. We will sign out every device
        and send you a link to choose a new password.
      </p>
      {error ? (
        <Alert tone="error" title={error.message}>
          {error.code === "TOKEN_INVALID" ? (
            <p>
              If you still think someone else is using your account, <TextLink href={forgotHref}>reset your password</TextLink>.
            </p>
          ) : null}
        </Alert>
      ) : null}
      <button type="button" className={buttonStyles.danger} disabled={pending} onClick={() => void report()}>
        Sign out everywhere and reset my password
      </button>
      <p>
        <TextLink href={signInHref}>It was me</TextLink>
      </p>
    </div>
  );
}
