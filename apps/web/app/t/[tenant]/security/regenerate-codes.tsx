"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormErrorAlert } from "@/components/form-field";
import { RecoveryCodesSheet } from "@/components/recovery-codes-sheet";
import { Alert, buttonStyles } from "@/components/ui";
import { useAction } from "@/components/use-action";
import { type IssuedRecoveryCodes, regenerateRecoveryCodesAction } from "@/server/actions/recovery-codes";

/**
 * "Generate new codes" (S23): after a warning, replaces the whole set (a fresh step-up first, if
 * the sign-in is not recent) and shows the new one once, with download, print and copy.
 */
export function RegenerateCodes({ tenant, account, tenantName, hasCodes }: { tenant: string; account: string; tenantName: string; hasCodes: boolean }) {
  const router = useRouter();
  const { error, pending, run } = useAction(tenant, "/security#recovery-codes");
  const [confirming, setConfirming] = useState(false);
  const [issued, setIssued] = useState<IssuedRecoveryCodes | null>(null);

  async function generate() {
    const made = await run(() => regenerateRecoveryCodesAction(tenant));
    if (!made) return;
    setConfirming(false);
    setIssued(made);
    // The counts above now describe the new set; this component keeps showing its codes.
    router.refresh();
  }

  if (issued) {
    const isKey = issued.style === "key";
    return (
      <div className="space-y-4">
        <Alert tone="success" title={isKey ? "Your new recovery key is ready." : "Your new recovery codes are ready."}>
          {hasCodes || isKey
            ? `Your old ${isKey ? "key" : "codes"} stopped working. Save the new ${isKey ? "one" : "ones"} now: we will not show them again.`
            : "Save them now: we will not show them again."}
        </Alert>
        <RecoveryCodesSheet issued={issued} account={account} tenantName={tenantName} />
        <button type="button" className={buttonStyles.secondary} onClick={() => setIssued(null)}>
          I have saved them
        </button>
      </div>
    );
  }

  if (confirming) {
    return (
      <div className="space-y-3">
        <Alert tone="warning" title="Make new recovery codes?">
          Your current codes stop working at once, including any you printed or saved.
        </Alert>
        <FormErrorAlert error={error} />
        <div className="flex flex-wrap gap-3">
          <button type="button" className={buttonStyles.primary} disabled={pending} onClick={() => void generate()}>
            Generate new codes
          </button>
          <button type="button" className={buttonStyles.secondary} onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      </div>
    );
  }

  return (
    <div className="space-y-3">
      <FormErrorAlert error={error} />
      <button
        type="button"
        className={buttonStyles.secondary}
        disabled={pending}
        onClick={() => (hasCodes ? setConfirming(true) : void generate())}
      >
        {hasCodes ? "Generate new codes" : "Make recovery codes"}
      </button>
    </div>
  );
}
