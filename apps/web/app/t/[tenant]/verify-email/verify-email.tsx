"use client";

import { useEffect, useRef, useState } from "react";
import { Alert, buttonStyles, TextLink } from "@/components/ui";
import { isLinkForAnotherAccount, LinkForAnotherAccount } from "@/components/link-for-another-account";
import { useFragmentToken } from "@/components/use-fragment-token";
import { tenantHref } from "@/lib/tenant-href";
import { type TokenResult, verifyEmailAction } from "@/server/actions/account";
import Link from "next/link";

export function VerifyEmail({ tenant, signedInAs }: { tenant: string; signedInAs: string | null }) {
  const fragment = useFragmentToken();
  const [result, setResult] = useState<TokenResult<{ email: string }> | null>(null);
  const submitted = useRef<string | null>(null);

  useEffect(() => {
    if (fragment.status !== "found" || submitted.current === fragment.token) return;
    submitted.current = fragment.token;
    void verifyEmailAction(tenant, fragment.token).then((answer) => {
      // A used or refused link will not work again; a failure to reach us might.
      if (answer.status === "done" || answer.error.code === "TOKEN_INVALID") fragment.forget();
      setResult(answer);
    });
  }, [fragment, tenant]);

  if (fragment.status === "missing") {
    return (
      <>
        <Alert tone="error" title="This link is incomplete.">
          Open the link from the email again. If it still does not work, sign up again or ask for a new link.
        </Alert>
        <p>
          <TextLink href={tenantHref(tenant, "/check-your-email?for=sign-up")}>Send a new link</TextLink>
        </p>
      </>
    );
  }
  if (!result) {
    return (
      <p role="status" className="text-slate-700">
        Confirming your email address…
      </p>
    );
  }
  if (result.status === "error" && isLinkForAnotherAccount(result.error)) {
    return <LinkForAnotherAccount tenant={tenant} signedInAs={signedInAs} what="confirms the email address" />;
  }
  if (result.status === "error") {
    return (
      <>
        <Alert tone="error" title={result.error.message}>
          {result.error.code === "TOKEN_INVALID" ? "Links work once and expire after a while. You can ask for a new one." : null}
        </Alert>
        <p>
          <TextLink href={tenantHref(tenant, "/check-your-email?for=sign-up")}>Send a new link</TextLink>
        </p>
      </>
    );
  }
  return (
    <>
      <Alert tone="success" title="Your email address is confirmed.">
        {result.result.email} is ready to use. You can now sign in.
      </Alert>
      <Link href={tenantHref(tenant, "/sign-in")} className={buttonStyles.primary}>
        Sign in
      </Link>
    </>
  );
}
