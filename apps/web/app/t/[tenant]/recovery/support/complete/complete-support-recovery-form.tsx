"use client";

import { type FormEvent, useEffect, useState } from "react";
import { describedByFormError, FormErrorAlert } from "@/components/form-field";
import { PasswordField } from "@/components/password-field";
import { useFocusBackWhenDone } from "@/components/submit-button";
import { signInWith, TenantAuth } from "@/components/tenant-auth";
import { Alert, buttonStyles, TextLink } from "@/components/ui";
import { useFragmentToken } from "@/components/use-fragment-token";
import type { FormError } from "@/lib/form-state";

type Props = { tenant: string; afterHref: string; newRequestHref: string; signInHref: string };

export function CompleteSupportRecoveryForm(props: Props) {
  return (
    <TenantAuth tenant={props.tenant}>
      <Form {...props} />
    </TenantAuth>
  );
}

/**
 * Finishing is a sign-in ("support-recovery" in auth-options.ts): the session cookie is set the
 * way it is after trusted contacts, and the recovered session is sent on to add a new method and
 * save new codes (the security page, which says what happened).
 */
function Form({ tenant, afterHref, newRequestHref, signInHref }: Props) {
  const fragment = useFragmentToken();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  const button = useFocusBackWhenDone(pending);
  const deadLink = error?.code === "TOKEN_INVALID";
  const { forget } = fragment;
  useEffect(() => {
    if (deadLink) forget();
  }, [deadLink, forget]);

  if (fragment.status === "reading") return <p className="text-slate-700">Opening your link…</p>;
  if (fragment.status === "missing") {
    return (
      <Alert tone="error" title="This link is incomplete.">
        Open the whole link from the email support sent you.
      </Alert>
    );
  }
  if (deadLink) {
    return (
      <div className="space-y-5">
        <Alert tone="error" title={error.message}>
          <p>Recovery links work once and only for a short time.</p>
        </Alert>
        <p className="flex flex-col gap-3 sm:flex-row sm:gap-6">
          <TextLink href={newRequestHref}>Make a new request</TextLink>
          <TextLink href={signInHref}>Sign in</TextLink>
        </p>
      </div>
    );
  }

  const token = fragment.token;
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const newPassword = String(new FormData(event.currentTarget).get("new-password") ?? "");
    setPending(true);
    setError(null);
    const refused = await signInWith("support-recovery", { token, newPassword, tenant }, afterHref);
    if (!refused) {
      forget();
      // A full page load, so every server component sees the new session cookie.
      window.location.assign(afterHref);
      return;
    }
    setError(refused);
    setPending(false);
  }

  const errorId = "support-recovery-error";
  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-5" noValidate>
      <p className="text-slate-700">Support approved your request. One step left.</p>
      <Alert tone="warning" title="What recovering changes">
        <p>
          Every device signed in to the account will be signed out, and its old two-step methods and recovery codes removed. Next you
          add a new method and save new recovery codes.
        </p>
      </Alert>
      <FormErrorAlert error={error} id={errorId} />
      <p id="new-password-note" className="text-slate-700">
        Forgot your password? Choose a new one here. Leave it empty to keep your current password.
      </p>
      <PasswordField
        tenant={tenant}
        id="new-password"
        name="new-password"
        label="New password (optional)"
        required={false}
        describedBy={describedByFormError(error, errorId, ["new-password-note"])}
      />
      <button ref={button} type="submit" className={buttonStyles.primary} disabled={pending}>
        Recover my account
      </button>
    </form>
  );
}
