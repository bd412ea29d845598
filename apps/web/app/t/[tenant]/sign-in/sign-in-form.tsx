"use client";

import { browserSupportsWebAuthnAutofill } from "@simplewebauthn/browser";
import { type FormEvent, useEffect, useState } from "react";
import { describedByFormError, FormErrorAlert } from "@/components/form-field";
import { SubmitButton, useFocusBackWhenDone } from "@/components/submit-button";
import { signInWith, TenantAuth } from "@/components/tenant-auth";
import { buttonStyles, Field, TextLink } from "@/components/ui";
import { authenticateWith, webAuthnFailure } from "@/components/webauthn";
import type { FormError } from "@/lib/form-state";
import { passkeyOptionsAction } from "@/server/actions/second-factor";
import { landingAfterSignInAction } from "@/server/actions/staff";

/** Where a finished sign-in goes: `next`, or for staff without a chosen destination, the support dashboard. */
export async function landingAfterSignIn(tenant: string, next: string, chooseLanding: boolean): Promise<string> {
  if (!chooseLanding) return next;
  return landingAfterSignInAction(tenant).catch(() => next);
}

type Props = {
  tenant: string;
  /** Where to go once signed in. */
  next: string;
  /** No destination was asked for: staff land on the support dashboard (landingAfterSignInAction). */
  chooseLanding?: boolean;
  /** The two-step verification page, when the password was right and a second factor must follow. */
  verifyHref: string;
  forgotHref: string;
};

export function SignInForm(props: Props) {
  return (
    <TenantAuth tenant={props.tenant}>
      <SignInFields {...props} />
    </TenantAuth>
  );
}

function SignInFields({ tenant, next, chooseLanding = false, verifyHref, forgotHref }: Props) {
  const [error, setError] = useState<FormError | null>(null);
  const [pending, setPending] = useState(false);
  const errorId = "sign-in-error";

  async function finishWithPasskey(autofill: boolean) {
    const options = await passkeyOptionsAction(tenant);
    if (!options.ok) {
      if (!autofill) setError(options.error);
      return;
    }
    let response: Record<string, unknown>;
    try {
      response = await authenticateWith(options.value, { autofill });
    } catch (failure) {
      // An autofill request ends quietly when the button (or the form) takes over.
      if (!autofill) setError(webAuthnFailure(failure));
      return;
    }
    setPending(true);
    setError(null);
    const refused = await signInWith("passkey", { response: JSON.stringify(response), tenant }, next);
    if (!refused) {
      window.location.assign(await landingAfterSignIn(tenant, next, chooseLanding));
      return;
    }
    setError(refused);
    setPending(false);
  }

  // Conditional mediation: the browser offers this site's passkeys in the email field's autofill.
  // Started once per page view.
  useEffect(() => {
    let cancelled = false;
    void browserSupportsWebAuthnAutofill().then((supported) => {
      if (supported && !cancelled) void finishWithPasskey(true);
    });
    return () => {
      cancelled = true;
    };
  }, []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const data = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const refused = await signInWith(
      "credentials",
      { email: String(data.get("email") ?? "").trim(), password: String(data.get("password") ?? ""), tenant },
      next,
    );
    if (!refused) {
      // A full page load, so every server component sees the new session cookie.
      window.location.assign(await landingAfterSignIn(tenant, next, chooseLanding));
      return;
    }
    if (refused.code === "SECOND_FACTOR_REQUIRED") {
      // The password was right; the challenge cookie is set and the sign-in continues there.
      window.location.assign(verifyHref);
      return;
    }
    setError(refused);
    setPending(false);
  }

  const passkeyButton = useFocusBackWhenDone(pending);
  const describedBy = describedByFormError(error, errorId);
  return (
    <div className="space-y-6">
      {/* method="post": a submit before the script has loaded must not put the password in a URL. */}
      <form onSubmit={onSubmit} method="post" className="space-y-5">
        <FormErrorAlert error={error} id={errorId}>
          {error?.code === "EMAIL_NOT_VERIFIED" ? "Open the link in that email to confirm your address, then sign in here." : null}
        </FormErrorAlert>
        <Field
          id="email"
          name="email"
          label="Email"
          type="email"
          autoComplete="username webauthn"
          required
          describedBy={describedBy}
          invalid={error?.code === "INVALID_CREDENTIALS"}
        />
        <div>
          <Field
            id="password"
            name="password"
            label="Password"
            type="password"
            autoComplete="current-password"
            required
            describedBy={describedBy}
            invalid={error?.code === "INVALID_CREDENTIALS"}
          />
          <p className="mt-2 text-sm">
            <TextLink href={forgotHref}>Forgot password?</TextLink>
          </p>
        </div>
        <SubmitButton pending={pending}>Sign in</SubmitButton>
      </form>
      <div className="border-t border-slate-200 pt-6">
        <button ref={passkeyButton} type="button" className={buttonStyles.secondary} disabled={pending} onClick={() => void finishWithPasskey(false)}>
          Sign in with a passkey
        </button>
      </div>
    </div>
  );
}
