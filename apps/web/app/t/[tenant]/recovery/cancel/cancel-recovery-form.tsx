"use client";

import { useEffect, useState } from "react";
import { Alert, buttonStyles, TextLink } from "@/components/ui";
import { useFragmentToken } from "@/components/use-fragment-token";
import type { FormError } from "@/lib/form-state";
import { cancelRecoveryAction } from "@/server/actions/recovery";

type Props = { tenant: string; signInHref: string; forgotHref: string };
type Outcome = "cancelled" | "already-completed" | "nothing-open";

const outcomes: Record<Outcome, { tone: "success" | "warning" | "info"; title: string; body: string }> = {
  cancelled: {
    tone: "success",
    title: "The recovery is cancelled.",
    body: "Nobody can finish it. If you did not start it, someone may know your email address and be trying to fool your contacts or our support team: consider changing your password.",
  },
  "already-completed": {
    tone: "warning",
    title: "This recovery had already finished.",
    body: "If it was not you, use “This wasn't me” in the email we sent when the account was recovered: it signs out every device and asks for a new password.",
  },
  "nothing-open": { tone: "info", title: "There is no recovery to cancel.", body: "It already ended. Nothing has changed." },
};

/**
 * The one-click cancel of a recovery notice. It acts only on a click, not on opening the link: a
 * mail scanner opening it must not cancel the owner's own recovery.
 */
export function CancelRecoveryForm({ tenant, signInHref, forgotHref }: Props) {
  const fragment = useFragmentToken();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const usedUp = outcome !== null || error?.code === "TOKEN_INVALID";
  const { forget } = fragment;
  useEffect(() => {
    if (usedUp) forget();
  }, [usedUp, forget]);

  if (outcome) {
    const words = outcomes[outcome];
    return (
      <div className="space-y-5">
        <Alert tone={words.tone} title={words.title}>
          {words.body}
        </Alert>
        <p>
          <TextLink href={signInHref}>Sign in</TextLink>
        </p>
      </div>
    );
  }
  if (fragment.status === "reading") return <p className="text-slate-700">Opening your link…</p>;
  if (fragment.status === "missing") {
    return (
      <Alert tone="error" title="This link is incomplete.">
        Open the link from the email or text again.
      </Alert>
    );
  }

  const token = fragment.token;
  async function cancel() {
    setPending(true);
    setError(null);
    const result = await cancelRecoveryAction(tenant, token);
    if (result.ok) setOutcome(result.value.status);
    else setError(result.error);
    setPending(false);
  }

  return (
    <div className="space-y-5">
      <p className="text-slate-700">
        Someone asked to recover your account: your trusted contacts were asked to help, or our support team was asked to let
        them in. If it was not you, cancel it: nobody will be able to finish it.
      </p>
      {error ? (
        <Alert tone="error" title={error.message}>
          {error.code === "TOKEN_INVALID" ? (
            <p>
              If you think someone is trying to get into your account, <TextLink href={forgotHref}>reset your password</TextLink>.
            </p>
          ) : null}
        </Alert>
      ) : null}
      <button type="button" className={buttonStyles.danger} disabled={pending} onClick={() => void cancel()}>
        This wasn’t me: cancel the recovery
      </button>
      <p>
        <TextLink href={signInHref}>It was me</TextLink>
      </p>
    </div>
  );
}
