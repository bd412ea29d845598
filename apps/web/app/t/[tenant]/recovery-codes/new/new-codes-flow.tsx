"use client";

import Link from "next/link";
import { useState } from "react";
import { RecoveryCodesSheet, recoveryWords } from "@/components/recovery-codes-sheet";
import { Alert, buttonStyles, Checkbox } from "@/components/ui";
import type { FormError } from "@/lib/form-state";
import { tenantHref } from "@/lib/tenant-href";
import { type IssuedRecoveryCodes, regenerateRecoveryCodesAction } from "@/server/actions/recovery-codes";

type Props = { tenant: string; account: string; tenantName: string; isKey: boolean };

export function NewCodesFlow({ tenant, account, tenantName, isKey }: Props) {
  const [issued, setIssued] = useState<IssuedRecoveryCodes | null>(null);
  const [error, setError] = useState<FormError | null>(null);
  const [pending, setPending] = useState(false);
  const [saved, setSaved] = useState(false);

  async function generate() {
    setPending(true);
    setError(null);
    const result = await regenerateRecoveryCodesAction(tenant);
    if (result.ok) {
      setIssued(result.value);
      setPending(false);
      return;
    }
    if (result.error.code === "STEP_UP_REQUIRED") {
      // A fresh sign-in counts as recent, so this is rare: a tab left open for a long time.
      window.location.assign(tenantHref(tenant, `/confirm?next=${encodeURIComponent("/recovery-codes/new")}`));
      return;
    }
    setError(result.error);
    setPending(false);
  }

  if (!issued) {
    return (
      <div className="space-y-4">
        {error ? <Alert tone="error" title={error.message} /> : null}
        <button type="button" className={buttonStyles.primary} disabled={pending} onClick={() => void generate()}>
          {isKey ? "Make a new recovery key" : "Make new recovery codes"}
        </button>
      </div>
    );
  }

  const words = recoveryWords(issued.style);
  return (
    <div className="space-y-5">
      <Alert tone="success" title={issued.style === "key" ? "Here is your new recovery key." : "Here are your new recovery codes."}>
        We show {words.them} only now. Anything you saved before no longer works.
      </Alert>
      <RecoveryCodesSheet issued={issued} account={account} tenantName={tenantName} onSaved={() => setSaved(true)} />
      <Checkbox id="saved-codes" label={`I have saved ${words.them} somewhere safe`} checked={saved} onChange={setSaved} />
      {saved ? (
        <Link href={tenantHref(tenant, "/")} className={buttonStyles.primary}>
          Continue
        </Link>
      ) : (
        <p className="text-sm text-slate-700">Download, print or copy {words.them} to continue.</p>
      )}
    </div>
  );
}
