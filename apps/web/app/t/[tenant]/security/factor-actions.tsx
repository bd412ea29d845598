"use client";

import { type FormEvent, useState } from "react";
import { FormErrorAlert } from "@/components/form-field";
import { useAction } from "@/components/use-action";
import { Alert, buttonStyles, Field } from "@/components/ui";
import { removeFactorAction, renameFactorAction } from "@/server/actions/factors";

export function FactorActions({ tenant, factorId, name, isLast }: { tenant: string; factorId: string; name: string; isLast: boolean }) {
  const { error, pending, run } = useAction(tenant);
  const [mode, setMode] = useState<"idle" | "rename" | "remove">("idle");

  async function onRename(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const newName = String(new FormData(event.currentTarget).get("name") ?? "").trim();
    if (await run(() => renameFactorAction(tenant, factorId, newName))) setMode("idle");
  }

  return (
    <div className="space-y-3">
      <FormErrorAlert error={error} />
      {mode === "rename" ? (
        <form onSubmit={onRename} className="space-y-3">
          <Field id={`rename-${factorId}`} name="name" label="Name" defaultValue={name} maxLength={60} required autoFocus />
          <div className="flex flex-wrap gap-3">
            <button type="submit" className={buttonStyles.primary} disabled={pending}>
              Save
            </button>
            <button type="button" className={buttonStyles.secondary} onClick={() => setMode("idle")}>
              Cancel
            </button>
          </div>
        </form>
      ) : mode === "remove" ? (
        <div className="space-y-3">
          <Alert tone="info" title={`Remove ${name}?`}>
            {isLast
              ? "This is your last method: two-step verification turns off, and only your password will protect your account."
              : "You will no longer be able to use it to sign in."}
          </Alert>
          <div className="flex flex-wrap gap-3">
            <button type="button" className={buttonStyles.danger} disabled={pending} onClick={() => void run(() => removeFactorAction(tenant, factorId))}>
              {isLast ? "Remove and turn off two-step verification" : "Remove"}
            </button>
            <button type="button" className={buttonStyles.secondary} onClick={() => setMode("idle")}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="flex flex-wrap gap-3">
          <button type="button" className={buttonStyles.secondary} aria-label={`Rename ${name}`} onClick={() => setMode("rename")}>
            Rename
          </button>
          <button type="button" className={buttonStyles.danger} aria-label={`Remove ${name}`} onClick={() => setMode("remove")}>
            Remove
          </button>
        </div>
      )}
    </div>
  );
}

