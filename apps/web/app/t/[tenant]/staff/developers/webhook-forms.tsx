"use client";

import { useId, useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Alert, buttonStyles, Field } from "@/components/ui";
import { useAction } from "@/components/use-action";
import { formatDateTime } from "@/lib/format";
import {
  createWebhookEndpointAction,
  deleteWebhookEndpointAction,
  redeliverWebhookAction,
  rotateWebhookSecretAction,
  setWebhookEndpointEnabledAction,
} from "@/server/actions/developers";
import { developersPath } from "./developers-path";
import { SecretDialog } from "./shown-once";

type EventType = Parameters<typeof createWebhookEndpointAction>[1]["eventTypes"][number];

const smallButton = "px-3 py-1.5 text-sm";

/** "account.signed_in" → group "Account"; the list reads as a few short groups, not 80 lines. */
function groupOf(type: string): string {
  const prefix = type.slice(0, type.indexOf("."));
  const words = prefix.replace(/_/g, " ");
  return words === "api key" ? "API keys" : words.charAt(0).toUpperCase() + words.slice(1);
}

function groupsOf(types: EventType[]): [string, EventType[]][] {
  const groups = new Map<string, EventType[]>();
  for (const type of types) groups.set(groupOf(type), [...(groups.get(groupOf(type)) ?? []), type]);
  return [...groups];
}

/**
 * "Add endpoint": URL, description and the events to send (every event, or a chosen few) in a
 * Radix alert dialog; then, in the same dialog, the signing secret, once (SecretDialog).
 */
export function AddEndpointDialog({ tenant, tenantId, eventTypes }: { tenant: string; tenantId: string; eventTypes: EventType[] }) {
  const [every, setEvery] = useState(true);
  const ids = useId();
  return (
    <SecretDialog<{ secret: string; url: string }>
      tenant={tenant}
      returnPath={developersPath(tenantId)}
      trigger={{ id: "add-endpoint", label: "Add endpoint", className: buttonStyles.primary }}
      title="Add a webhook endpoint"
      description="Rekey sends a signed POST to this address for each event you choose. Its signing secret is shown once, right after you add it."
      confirmLabel="Add endpoint"
      onClosed={() => setEvery(true)}
      make={async (data, { run, setError }) => {
        const chosen = new Set(data.getAll("eventType").map(String));
        if (!every && chosen.size === 0) {
          setError({ code: "BAD_REQUEST", message: "Choose at least one event, or send every event." });
          return null;
        }
        return run(() =>
          createWebhookEndpointAction(tenant, {
            tenantId,
            url: String(data.get("url") ?? ""),
            description: String(data.get("description") ?? ""),
            // An empty list is "every event", including types added later.
            eventTypes: every ? [] : eventTypes.filter((type) => chosen.has(type)),
          }),
        );
      }}
      shown={(created) => ({
        title: "Copy the signing secret now",
        label: "Signing secret",
        value: created.secret,
        noun: "secret",
        description: (
          <p>
            Deliveries to <span className="font-mono text-sm break-all">{created.url}</span> are signed with it (Standard Webhooks). Your server
            checks the <code className="font-mono text-sm">webhook-signature</code> header with it before trusting a delivery.
          </p>
        ),
      })}
      fields={
        <>
          <Field
            id={`${ids}-url`}
            name="url"
            type="url"
            inputMode="url"
            label="URL"
            hint="An https address on the internet, such as https://app.example.com/webhooks/rekey."
            required
            maxLength={2048}
            autoComplete="off"
            spellCheck={false}
          />
          <Field id={`${ids}-description`} name="description" label="Description (optional)" hint="What receives it, for your team." maxLength={200} autoComplete="off" />
          <fieldset>
            <legend className="text-sm font-medium text-slate-800">Events to send</legend>
            <div className="mt-2 space-y-2">
              <label className="flex items-start gap-2">
                <input type="radio" name="events" value="all" checked={every} onChange={() => setEvery(true)} className="mt-1" />
                <span>Every event, including kinds added later</span>
              </label>
              <label className="flex items-start gap-2">
                <input type="radio" name="events" value="chosen" checked={!every} onChange={() => setEvery(false)} className="mt-1" />
                <span>Only the events I choose</span>
              </label>
            </div>
          </fieldset>
          {every ? null : (
            <div className="max-h-72 space-y-4 overflow-y-auto rounded-lg p-3 ring-1 ring-slate-200">
              {groupsOf(eventTypes).map(([group, types]) => (
                <fieldset key={group}>
                  <legend className="text-sm font-semibold text-slate-800">{group}</legend>
                  <div className="mt-1 space-y-1">
                    {types.map((type) => (
                      <div key={type} className="flex items-center gap-2">
                        <input id={`${ids}-${type}`} type="checkbox" name="eventType" value={type} className="size-4 shrink-0 rounded border-slate-300" />
                        <label htmlFor={`${ids}-${type}`} className="font-mono text-sm break-all text-slate-800">
                          {type}
                        </label>
                      </div>
                    ))}
                  </div>
                </fieldset>
              ))}
            </div>
          )}
        </>
      }
    />
  );
}

type Endpoint = { id: string; url: string; enabled: boolean };

/**
 * "Rotate secret": says what happens, then makes the new secret and shows it, once, in the same
 * Radix alert dialog (SecretDialog). The old secret keeps signing beside it for 24 hours.
 */
function RotateSecretDialog({ tenant, tenantId, endpoint }: { tenant: string; tenantId: string; endpoint: Endpoint }) {
  return (
    <SecretDialog<{ secret: string; previousSecretUntil: Date }>
      tenant={tenant}
      returnPath={developersPath(tenantId)}
      trigger={{ label: "Rotate secret", name: `Rotate the secret of ${endpoint.url}`, className: `${buttonStyles.secondary} ${smallButton}` }}
      title="Rotate the signing secret?"
      description={
        <>
          <p className="break-all">
            A new secret for <span className="font-mono text-sm">{endpoint.url}</span> is shown once.
          </p>
          <p>The old secret keeps signing beside it for 24 hours, so your server can switch to the new one without missing a delivery.</p>
        </>
      }
      confirmLabel="Rotate secret"
      make={(_data, { run }) => run(() => rotateWebhookSecretAction(tenant, { tenantId, endpointId: endpoint.id }))}
      shown={(rotated) => ({
        title: "Copy the new signing secret now",
        label: "New signing secret",
        value: rotated.secret,
        noun: "secret",
        description: <p>Deploy it to your server. Until {formatDateTime(rotated.previousSecretUntil)}, deliveries carry signatures made with both the old and the new secret.</p>,
      })}
    />
  );
}

/** An endpoint's actions: rotate its secret, turn it off or on, delete it. */
export function EndpointActions({ tenant, tenantId, endpoint }: { tenant: string; tenantId: string; endpoint: Endpoint }) {
  const toggle = useAction(tenant, developersPath(tenantId));
  const remove = useAction(tenant, developersPath(tenantId));
  const [confirming, setConfirming] = useState<"off" | "delete" | null>(null);

  function setEnabled(enabled: boolean) {
    return toggle.run(() => setWebhookEndpointEnabledAction(tenant, { tenantId, endpointId: endpoint.id, enabled }));
  }

  return (
    <div className="space-y-2">
      {toggle.error && confirming === null ? <Alert tone="error" title={toggle.error.message} /> : null}
      <div className="flex flex-col gap-2 sm:flex-row sm:flex-wrap">
        <RotateSecretDialog tenant={tenant} tenantId={tenantId} endpoint={endpoint} />
        {endpoint.enabled ? (
          <button type="button" className={`${buttonStyles.secondary} ${smallButton}`} aria-label={`Turn off ${endpoint.url}`} onClick={() => setConfirming("off")}>
            Turn off
          </button>
        ) : (
          <button type="button" className={`${buttonStyles.secondary} ${smallButton}`} aria-label={`Turn on ${endpoint.url}`} disabled={toggle.pending} onClick={() => void setEnabled(true)}>
            Turn on
          </button>
        )}
        <button type="button" className={`${buttonStyles.danger} ${smallButton}`} aria-label={`Delete ${endpoint.url}`} onClick={() => setConfirming("delete")}>
          Delete
        </button>
      </div>
      <ConfirmDialog
        open={confirming === "off"}
        onOpenChange={(open) => setConfirming(open ? "off" : null)}
        title="Turn this endpoint off?"
        confirmLabel="Turn off"
        tone="primary"
        onConfirm={async () => (await setEnabled(false)) !== null}
        error={toggle.error?.message}
        focusAfterDone={() => document.getElementById("add-endpoint")}
      >
        <p className="break-all">
          <span className="font-mono text-sm">{endpoint.url}</span> gets no deliveries while it is off, including of events that happen meanwhile.
        </p>
        <p>You can turn it on again here; its signing secret stays the same.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirming === "delete"}
        onOpenChange={(open) => setConfirming(open ? "delete" : null)}
        title="Delete this endpoint?"
        confirmLabel="Delete endpoint"
        onConfirm={async () => (await remove.run(() => deleteWebhookEndpointAction(tenant, { tenantId, endpointId: endpoint.id }))) !== null}
        error={remove.error?.message}
        focusAfterDone={() => document.getElementById("add-endpoint")}
      >
        <p className="break-all">
          <span className="font-mono text-sm">{endpoint.url}</span> gets no more deliveries, and the ones still being retried stop. This cannot be undone.
        </p>
      </ConfirmDialog>
    </div>
  );
}

/** "Send again" for one delivery: the same event, with the same webhook-id, from the first attempt. */
export function RedeliverButton({ tenant, tenantId, delivery }: { tenant: string; tenantId: string; delivery: { id: string; eventType: string | null } }) {
  const { error, pending, run } = useAction(tenant, developersPath(tenantId));
  const [sent, setSent] = useState(false);
  return (
    <div className="space-y-1">
      <button
        type="button"
        className={`${buttonStyles.secondary} ${smallButton}`}
        aria-label={`Send ${delivery.eventType ?? "this event"} again`}
        disabled={pending}
        onClick={() => void run(() => redeliverWebhookAction(tenant, { tenantId, deliveryId: delivery.id })).then((value) => setSent(value !== null))}
      >
        Send again
      </button>
      <div role="status" className="text-xs empty:hidden">
        {sent ? <p className="text-emerald-800">Queued.</p> : null}
      </div>
      {error ? (
        <p role="alert" className="text-xs whitespace-normal text-red-800">
          {error.message}
        </p>
      ) : null}
    </div>
  );
}
