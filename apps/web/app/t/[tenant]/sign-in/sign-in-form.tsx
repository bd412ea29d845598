"use client";

import { SessionProvider, signIn } from "next-auth/react";
import { type FormEvent, useState } from "react";
import { Alert, buttonStyles, Field, TextLink } from "@/components/ui";
import type { FormError } from "@/lib/form-state";
import { authBasePath } from "@/lib/tenant-href";

type Props = { tenant: string; next: string; forgotHref: string };

const somethingWentWrong: FormError = {
  code: "UNAVAILABLE",
  message: "We could not sign you in just now. Check your connection and try again.",
};

/** authorize() in auth-options.ts encodes its error as JSON; next-auth hands it back as a string. */
function readSignInError(raw: string | null | undefined): FormError {
  if (raw) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed && typeof parsed === "object" && "code" in parsed && "message" in parsed) {
        const { code, message } = parsed as { code: unknown; message: unknown };
        if (typeof code === "string" && typeof message === "string") return { code, message };
      }
    } catch {
      // Not ours: one of next-auth's own codes.
    }
    if (raw === "CredentialsSignin") return { code: "INVALID_CREDENTIALS", message: "The email or password is not right." };
  }
  return somethingWentWrong;
}

export function SignInForm(props: Props) {
  // next-auth's client talks to the tenant's own /api/auth (see proxy.ts); `session={null}`
  // stops it from fetching a session on mount.
  return (
    <SessionProvider basePath={authBasePath(props.tenant)} session={null} refetchOnWindowFocus={false}>
      <SignInFields {...props} />
    </SessionProvider>
  );
}

function SignInFields({ tenant, next, forgotHref }: Props) {
  const [error, setError] = useState<FormError | null>(null);
  const [pending, setPending] = useState(false);
  const errorId = "sign-in-error";

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const data = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const response = await signIn("credentials", {
        redirect: false,
        email: String(data.get("email") ?? "").trim(),
        password: String(data.get("password") ?? ""),
        tenant,
        callbackUrl: next,
      });
      if (response?.ok && !response.error) {
        // A full page load, so every server component sees the new session cookie.
        window.location.assign(next);
        return;
      }
      setError(readSignInError(response?.error));
    } catch {
      setError(somethingWentWrong);
    }
    setPending(false);
  }

  const describedBy = error ? [errorId] : [];
  return (
    // method="post": a submit before the script has loaded must not put the password in a URL.
    <form onSubmit={onSubmit} method="post" className="space-y-5">
      {error ? (
        <Alert tone="error" id={errorId} title={error.message}>
          {error.code === "EMAIL_NOT_VERIFIED"
            ? "Open the link in that email to confirm your address, then sign in here."
            : null}
        </Alert>
      ) : null}
      <Field id="email" name="email" label="Email" type="email" autoComplete="username" required describedBy={describedBy} invalid={error?.code === "INVALID_CREDENTIALS"} />
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
      <button type="submit" className={buttonStyles.primary} disabled={pending}>
        Sign in
      </button>
    </form>
  );
}
