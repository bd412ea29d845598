"use client";

import { useState } from "react";
import { tenantHref } from "@/lib/tenant-href";
import { signOutHereAction } from "@/server/actions/session";
import { Alert, buttonStyles, TextLink } from "./ui";

/**
 * An emailed link opened in a browser signed in to a different account (core's
 * assertLinkForSignedInAccount): nothing was done, and the page says whose browser this is, never
 * whose the link is. Signing out here loads the page again, which goes on with the same link
 * (the token waits in this tab's storage, use-fragment-token.ts).
 */
export function LinkForAnotherAccount({ tenant, signedInAs, what }: { tenant: string; signedInAs: string | null; what: string }) {
  const [pending, setPending] = useState(false);
  async function signOutAndContinue() {
    setPending(true);
    await signOutHereAction(tenant);
    window.location.reload();
  }
  return (
    <>
      <Alert tone="warning" title="This link is for another account.">
        <p>
          {signedInAs ? (
            <>
              You are signed in as <span className="font-medium break-words">{signedInAs}</span>, and
            </>
          ) : (
            "This browser is signed in to a different account, and"
          )}{" "}
          the link {what} for a different account. Nothing has been changed.
        </p>
        <p className="mt-2">To use the link, sign out here. It then goes on by itself.</p>
      </Alert>
      <button type="button" className={buttonStyles.primary} disabled={pending} onClick={() => void signOutAndContinue()}>
        {pending ? "Signing out…" : "Sign out and continue"}
      </button>
      <p>
        <TextLink href={tenantHref(tenant, "/")}>Stay signed in and go to your account</TextLink>
      </p>
    </>
  );
}

/** Whether a link page's answer is core's refusal of a link for another account. */
export function isLinkForAnotherAccount(error: { code: string; details?: string[] }): boolean {
  return error.code === "CONFLICT" && (error.details ?? []).includes("another-account");
}
