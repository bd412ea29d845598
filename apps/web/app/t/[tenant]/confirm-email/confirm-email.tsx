"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { Alert, buttonStyles, TextLink } from "@/components/ui";
import { isLinkForAnotherAccount, LinkForAnotherAccount } from "@/components/link-for-another-account";
import { useFragmentToken } from "@/components/use-fragment-token";
import { tenantHref } from "@/lib/tenant-href";
import type { TokenResult } from "@/server/actions/account";
import { confirmEmailChangeAction } from "@/server/actions/email";

export function ConfirmEmail({ tenant, signedInAs }: { tenant: string; signedInAs: string | null }) {
  const fragment = useFragmentToken();
  const [result, setResult] = useState<TokenResult<{ email: string }> | null>(null);
  const submitted = useRef<string | null>(null);

  useEffect(() => {
    if (fragment.status !== "found" || submitted.current === fragment.token) return;
    submitted.current = fragment.token;
    void confirmEmailChangeAction(tenant, fragment.token).then((answer) => {
      // A used or refused link will not work again; a failure to reach us might.
      if (answer.status === "done" || answer.error.code === "TOKEN_INVALID") fragment.forget();
      setResult(answer);
    });
  }, [fragment, tenant]);

  if (fragment.status === "missing") {
    return (
      <>
        <Alert tone="error" title="This link is incomplete.">
          Open the link from the email again. If it still does not work, start the change again from your account.
        </Alert>
        <p>
          <TextLink href={tenantHref(tenant, "/change-email")}>Change email</TextLink>
        </p>
      </>
    );
  }
  if (!result) {
    return (
      <p role="status" className="text-slate-700">
        Confirming your new email address…
      </p>
    );
  }
  if (result.status === "error" && isLinkForAnotherAccount(result.error)) {
    return <LinkForAnotherAccount tenant={tenant} signedInAs={signedInAs} what="confirms a new email address" />;
  }
  if (result.status === "error") {
    return (
      <>
        <Alert tone="error" title={result.error.message}>
          {result.error.code === "TOKEN_INVALID" ? "Links work once and expire after a while. You can start the change again." : null}
        </Alert>
        <p>
          <TextLink href={tenantHref(tenant, "/change-email")}>Change email</TextLink>
        </p>
      </>
    );
  }
  return (
    <>
      <Alert tone="success" title="Your email address has been changed.">
        Your account now uses <span className="font-medium break-words">{result.result.email}</span>.
      </Alert>
      <Link href={tenantHref(tenant, "/")} className={buttonStyles.primary}>
        Go to your account
      </Link>
    </>
  );
}
