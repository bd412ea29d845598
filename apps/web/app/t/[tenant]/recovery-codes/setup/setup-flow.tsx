"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import { RecoveryCodesSheet, recoveryWords } from "@/components/recovery-codes-sheet";
import { FormErrorAlert, FormField } from "@/components/form-field";
import { Alert, buttonStyles, TextLink } from "@/components/ui";
import type { FormError } from "@/lib/form-state";
import { tenantHref } from "@/lib/tenant-href";
import { finishRecoveryCodesSetupAction, type IssuedRecoveryCodes, startRecoveryCodesSetupAction } from "@/server/actions/recovery-codes";

type Props = { tenant: string; account: string; tenantName: string };

export function SetupFlow({ tenant, account, tenantName }: Props) {
  const router = useRouter();
  const [issued, setIssued] = useState<IssuedRecoveryCodes | null>(null);
  const [issueError, setIssueError] = useState<FormError | null>(null);
  const [error, setError] = useState<FormError | null>(null);
  const [pending, setPending] = useState(false);
  const [saved, setSaved] = useState(false);
  const started = useRef(false);
  const errorId = "confirm-code-error";

  const issue = useCallback(async () => {
    setIssued(null);
    setIssueError(null);
    setError(null);
    setSaved(false);
    const result = await startRecoveryCodesSetupAction(tenant);
    if (result.ok) setIssued(result.value);
    else setIssueError(result.error);
  }, [tenant]);

  useEffect(() => {
    // Once per visit (development runs effects twice): every call replaces the pending set.
    if (started.current) return;
    started.current = true;
    void issue();
  }, [issue]);

  async function finish(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!issued || pending) return;
    const code = String(new FormData(event.currentTarget).get("code") ?? "");
    setPending(true);
    setError(null);
    const result = await finishRecoveryCodesSetupAction(tenant, issued.setId, code);
    if (result.ok) {
      // The security page then says it is on. replace: Back must not reopen a page that makes a set.
      router.replace(tenantHref(tenant, "/security?done=two-step-on"));
      return;
    }
    setError(result.error);
    setPending(false);
  }

  if (issueError) {
    const nothingWaiting = issueError.code === "CONFLICT";
    return (
      <div className="space-y-4">
        <Alert tone="error" title={issueError.message} />
        {nothingWaiting ? (
          <p>
            <TextLink href={tenantHref(tenant, "/security")}>Back to two-step verification</TextLink>
          </p>
        ) : (
          <button type="button" className={buttonStyles.secondary} onClick={() => void issue()}>
            Try again
          </button>
        )}
      </div>
    );
  }

  if (!issued) {
    return (
      <p role="status" className="text-slate-700">
        Making your recovery codes…
      </p>
    );
  }

  const words = recoveryWords(issued.style);
  const replaced = error?.code === "NOT_FOUND";

  return (
    <div className="space-y-8">
      <section aria-labelledby="codes-heading" className="space-y-4">
        <h2 id="codes-heading" className="text-lg font-semibold">
          1. Save {words.them}
        </h2>
        <p className="text-slate-700">
          {issued.style === "key"
            ? "Your recovery key works once, and you then get a new one. "
            : `Each of these ${issued.codes.length} codes works once. `}
          Keep {issued.style === "key" ? "it" : "them"} somewhere safe and away from this device: a password manager, or printed on paper.
        </p>
        <RecoveryCodesSheet issued={issued} account={account} tenantName={tenantName} onSaved={() => setSaved(true)} />
        <p className="text-sm text-slate-600">
          We show {words.them} only on this page, this once. If you reload or leave it before finishing, you will get new{" "}
          {words.noun} and these will not work.
        </p>
      </section>

      <section aria-labelledby="confirm-heading" className="space-y-4">
        <h2 id="confirm-heading" className="text-lg font-semibold">
          2. Confirm you saved {issued.style === "key" ? "it" : "them"}
        </h2>
        {saved ? null : <p className="text-slate-700">Download, print or copy {words.them} first, or write {issued.style === "key" ? "it" : "them"} down.</p>}
        <form onSubmit={finish} className="space-y-4">
          <FormErrorAlert error={error} id={errorId} title={replaced ? "These codes were replaced by newer ones." : undefined}>
              {replaced ? (
                <div className="space-y-3">
                  <p>This page was opened again or reloaded somewhere, which made new codes. Only the newest codes can turn on two-step verification.</p>
                  <button type="button" className={buttonStyles.secondary} onClick={() => void issue()}>
                    Show new codes here
                  </button>
                </div>
              ) : error?.code === "INVALID_CREDENTIALS" ? (
                <p>Codes from an earlier visit to this page stopped counting when it showed new ones: use a code shown above.</p>
              ) : null}
          </FormErrorAlert>
          <FormField
            id="confirm-code"
            name="code"
            label={issued.style === "key" ? "Type your recovery key to confirm you saved it" : "Type one of your codes to confirm you saved them"}
            hint="Capital letters, spaces and dashes do not matter. This does not use the code up."
            autoComplete="off"
            autoCapitalize="characters"
            autoCorrect="off"
            spellCheck={false}
            maxLength={80}
            required
            formError={error}
            errorId={errorId}
          />
          <button type="submit" className={buttonStyles.primary} disabled={pending}>
            Turn on two-step verification
          </button>
        </form>
        <p className="text-sm text-slate-700">
          Not now? <TextLink href={tenantHref(tenant, "/security")}>Finish later</TextLink>. Your new method stays off until you do.
        </p>
      </section>
    </div>
  );
}
