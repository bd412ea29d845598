"use client";

import { useState } from "react";
import { FormDialog } from "@/components/form-dialog";
import { TextArea } from "@/components/staff-ui";
import { Alert } from "@/components/ui";
import { useAction } from "@/components/use-action";
import { setHighValueAction } from "@/server/actions/staff";

/** Tenant admins mark an account for extra care (support recoveries need a second approver), with a reason. */
export function HighValueForm({ tenant, userId, highValue, returnPath }: { tenant: string; userId: string; highValue: boolean; returnPath: string }) {
  const { error, pending, run } = useAction(tenant, returnPath);
  const [done, setDone] = useState<string | null>(null);

  async function submit(data: FormData) {
    const result = await run(() => setHighValueAction(tenant, { userId, highValue: !highValue, reason: String(data.get("reason") ?? "") }));
    if (!result) return false;
    setDone(result.highValue ? "Marked as a high-value account." : "No longer marked as a high-value account.");
    return true;
  }

  return (
    <div className="space-y-3">
      {done ? <Alert tone="success" title={done} /> : null}
      <FormDialog
        triggerLabel={highValue ? "Remove high-value mark" : "Mark as high-value"}
        triggerVariant={highValue ? "danger" : "secondary"}
        title={highValue ? "Remove the high-value mark?" : "Mark as a high-value account?"}
        description={
          highValue ? (
            <p>Support recoveries of this account will again need a second approver only when they look risky.</p>
          ) : (
            <p>Every support recovery of this account will need a second approver.</p>
          )
        }
        confirmLabel={highValue ? "Remove mark" : "Mark as high-value"}
        tone={highValue ? "danger" : "primary"}
        onSubmit={submit}
        error={error}
        pending={pending}
      >
        <TextArea id="high-value-reason" name="reason" label="Reason" hint="Kept in the staff log." required maxLength={500} />
      </FormDialog>
    </div>
  );
}
