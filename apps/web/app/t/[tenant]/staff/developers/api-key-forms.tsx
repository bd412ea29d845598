"use client";

import { useId, useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { buttonStyles, Field } from "@/components/ui";
import { useAction } from "@/components/use-action";
import { createApiKeyAction, revokeApiKeyAction } from "@/server/actions/developers";
import { developersPath } from "./developers-path";
import { SecretDialog } from "./shown-once";

type Scope = Parameters<typeof createApiKeyAction>[1]["scopes"][number];
type Created = { key: string; name: string; prefix: string };

/** The last moment of the chosen day in the admin's own time zone: the key works through that day. */
function endOfDay(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59);
}

/** Tomorrow as the date input writes it (yyyy-mm-dd), in the browser's time zone. */
function tomorrow(): string {
  const day = new Date(Date.now() + 24 * 60 * 60_000);
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, "0")}-${String(day.getDate()).padStart(2, "0")}`;
}

/**
 * "Create key": name, environment, scopes and an optional expiry in a Radix alert dialog; then, in
 * the same dialog, the key itself, once (SecretDialog).
 */
export function CreateKeyDialog({ tenant, tenantId, scopes }: { tenant: string; tenantId: string; scopes: { scope: Scope; description: string }[] }) {
  const ids = useId();
  return (
    <SecretDialog<Created>
      tenant={tenant}
      returnPath={developersPath(tenantId)}
      trigger={{ id: "create-key", label: "Create key", className: buttonStyles.primary }}
      title="Create an API key"
      description="Give each app its own key, with only what it needs. The key is shown once, right after you create it."
      confirmLabel="Create key"
      make={(data, { run }) => {
        const expiry = String(data.get("expiresOn") ?? "");
        const chosen = new Set(data.getAll("scope").map(String));
        return run(() =>
          createApiKeyAction(tenant, {
            tenantId,
            name: String(data.get("name") ?? ""),
            environment: data.get("environment") === "live" ? "live" : "test",
            scopes: scopes.map((s) => s.scope).filter((scope) => chosen.has(scope)),
            expiresAt: expiry === "" ? null : endOfDay(expiry),
          }),
        );
      }}
      shown={(created) => ({
        title: "Copy your new key now",
        label: "Your new API key",
        value: created.key,
        noun: "key",
        description: (
          <p>
            “{created.name}” is ready. Keep it in your app’s server settings, as a secret: your server sends it in the{" "}
            <code className="font-mono text-sm">Authorization</code> header of each call to the tenant API. We keep only a fingerprint of it.
          </p>
        ),
      })}
      fields={
        <>
          <Field id={`${ids}-name`} name="name" label="Name" hint="Which app or server will use it, e.g. “Billing backend”." required maxLength={60} autoComplete="off" />
          <fieldset>
            <legend className="text-sm font-medium text-slate-800">Environment</legend>
            <div className="mt-2 space-y-2">
              <label className="flex items-start gap-2">
                <input type="radio" name="environment" value="test" defaultChecked className="mt-1" />
                <span>
                  Test <span className="text-sm text-slate-600">(starts with rky_test_, for development and staging)</span>
                </span>
              </label>
              <label className="flex items-start gap-2">
                <input type="radio" name="environment" value="live" className="mt-1" />
                <span>
                  Live <span className="text-sm text-slate-600">(starts with rky_live_, for production)</span>
                </span>
              </label>
            </div>
          </fieldset>
          <fieldset>
            <legend className="text-sm font-medium text-slate-800">What the key may do</legend>
            <p className="text-sm text-slate-600">Choose at least one.</p>
            <div className="mt-2 space-y-3">
              {scopes.map(({ scope, description }) => (
                <div key={scope} className="flex items-start gap-3">
                  <input id={`${ids}-scope-${scope}`} type="checkbox" name="scope" value={scope} className="mt-1 size-4 shrink-0 rounded border-slate-300" />
                  <label htmlFor={`${ids}-scope-${scope}`} className="min-w-0">
                    <span className="block font-medium text-slate-800">{description}</span>
                    <code className="font-mono text-xs text-slate-600">{scope}</code>
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
          <Field
            id={`${ids}-expires`}
            name="expiresOn"
            type="date"
            min={tomorrow()}
            label="Expires on (optional)"
            hint="The key stops working at the end of this day. Leave it empty for a key that works until you revoke it."
          />
        </>
      }
    />
  );
}

/** A key's "Revoke" button and its "are you sure?" dialog. */
export function RevokeKeyButton({ tenant, tenantId, apiKey }: { tenant: string; tenantId: string; apiKey: { id: string; name: string; prefix: string } }) {
  const { error, run } = useAction(tenant, developersPath(tenantId));
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={`${buttonStyles.danger} px-3 py-1.5 text-sm`} aria-label={`Revoke ${apiKey.name}`} onClick={() => setOpen(true)}>
        Revoke
      </button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={`Revoke “${apiKey.name}”?`}
        confirmLabel="Revoke key"
        onConfirm={async () => Boolean(await run(() => revokeApiKeyAction(tenant, { tenantId, apiKeyId: apiKey.id })))}
        error={error?.message}
        focusAfterDone={() => document.getElementById("create-key")}
      >
        <p>
          The key <code className="font-mono text-sm">{apiKey.prefix}…</code> stops working on its next call: any app still using it is refused from then on.
        </p>
        <p>This cannot be undone. If an app still needs access, create its new key and deploy it first.</p>
      </ConfirmDialog>
    </>
  );
}
