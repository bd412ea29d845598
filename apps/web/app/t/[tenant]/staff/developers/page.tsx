import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Badge, Cell, EmptyState, Panel, StaffPage, Table, TenantPicker } from "@/components/staff-ui";
import { formatDate, formatDateTime } from "@/lib/format";
import { tenantHref } from "@/lib/tenant-href";
import { orNotFound, requireStaff, tenantsWithRole } from "@/server/staff";
import { CreateKeyDialog, RevokeKeyButton } from "./api-key-forms";
import { ReturnOriginsForm } from "./return-origins-form";
import { AddEndpointDialog, EndpointActions, RedeliverButton } from "./webhook-forms";

export const metadata: Metadata = { title: "Developers" };

const recentDeliveries = 5;

const deliveryBadges = {
  delivered: <Badge tone="calm">Delivered</Badge>,
  pending: <Badge tone="info">Retrying</Badge>,
  failed: <Badge tone="risky">Failed</Badge>,
} as const;

const statusBadges = {
  active: <Badge tone="calm">Active</Badge>,
  expired: <Badge tone="warning">Expired</Badge>,
  revoked: <Badge>Revoked</Badge>,
} as const;

/** What an organisation's own apps need to use Rekey, for its admins: API keys, webhooks, sign-in return origins. */
export default async function StaffDevelopersPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<{ tenant?: string | string[] }> }) {
  const [{ tenant: slug }, query] = await Promise.all([params, searchParams]);
  const staff = await requireStaff(slug, "/staff/developers");
  if (!staff) return null;
  const administered = tenantsWithRole(staff.me, "admin");
  const current = administered.find((m) => m.tenantId === query.tenant) ?? administered[0];
  if (!current) notFound();
  const tenantId = current.tenantId;
  const [{ keys, scopes }, { endpoints, eventTypes }, { origins }] = await Promise.all([
    orNotFound(staff.caller.developers.keys({ tenantId })),
    orNotFound(staff.caller.developers.endpoints({ tenantId })),
    orNotFound(staff.caller.developers.returnOrigins({ tenantId })),
  ]);
  const recent = await Promise.all(endpoints.map((endpoint) => staff.caller.developers.deliveries({ tenantId, endpointId: endpoint.id, limit: recentDeliveries })));

  return (
    <StaffPage title="Developers" intro={`Connect ${current.tenantName}'s own apps to Rekey.`}>
      {administered.length > 1 ? <TenantPicker id="developers-tenant" action={tenantHref(slug, "/staff/developers")} tenants={administered} value={tenantId} /> : null}

      <Panel
        id="keys-heading"
        title="API keys"
        intro={
          <>
            <p>Your app’s server sends a key with each call to the tenant API. Each key is shown once, when it is created.</p>
            <p className="mt-1">To rotate a key: create a new one, deploy it to your app, then revoke the old one.</p>
          </>
        }
      >
        <div>
          <CreateKeyDialog key={tenantId} tenant={slug} tenantId={tenantId} scopes={scopes} />
        </div>
        {keys.length === 0 ? (
          <EmptyState title="No API keys yet.">Create one for each app that calls the tenant API.</EmptyState>
        ) : (
          <Table label="API keys" head={["Name", "Key starts with", "Environment", "Scopes", "Created", "Last used", "Expires", "Status", "Actions"]}>
            {keys.map((apiKey) => (
              <tr key={apiKey.id}>
                <Cell wrap>
                  <span className="font-medium text-slate-900">{apiKey.name}</span>
                </Cell>
                <Cell>
                  <code className="font-mono text-xs">{apiKey.prefix}…</code>
                </Cell>
                <Cell>{apiKey.environment === "live" ? <Badge tone="info">Live</Badge> : <Badge>Test</Badge>}</Cell>
                <Cell>
                  <ul className="space-y-0.5">
                    {apiKey.scopes.map((scope) => (
                      <li key={scope}>
                        <code className="font-mono text-xs">{scope}</code>
                      </li>
                    ))}
                  </ul>
                </Cell>
                <Cell>
                  {formatDate(apiKey.createdAt)}
                  {apiKey.createdBy ? <span className="block text-xs text-slate-600">by {apiKey.createdBy}</span> : null}
                </Cell>
                <Cell>{apiKey.lastUsedAt ? formatDateTime(apiKey.lastUsedAt) : "Never"}</Cell>
                <Cell>{apiKey.expiresAt ? formatDateTime(apiKey.expiresAt) : "Never"}</Cell>
                <Cell>
                  {statusBadges[apiKey.status]}
                  {apiKey.revokedAt ? <span className="block pt-1 text-xs text-slate-600">{formatDate(apiKey.revokedAt)}</span> : null}
                </Cell>
                <Cell>{apiKey.status === "active" ? <RevokeKeyButton tenant={slug} tenantId={tenantId} apiKey={apiKey} /> : null}</Cell>
              </tr>
            ))}
          </Table>
        )}
      </Panel>

      <Panel
        id="webhooks-heading"
        title="Webhooks"
        intro={
          <>
            <p>Rekey sends your server a signed POST for each security event you choose (Standard Webhooks), and retries for about a day when it gets no answer.</p>
            <p className="mt-1">To rotate a signing secret: rotate it here, then deploy the new one. The old one keeps signing beside it for 24 hours.</p>
          </>
        }
      >
        <div>
          <AddEndpointDialog key={tenantId} tenant={slug} tenantId={tenantId} eventTypes={eventTypes} />
        </div>
        {endpoints.length === 0 ? (
          <EmptyState title="No webhook endpoints yet.">Add one to hear about sign-ins, new factors and recoveries as they happen.</EmptyState>
        ) : (
          <ul className="space-y-4">
            {endpoints.map((endpoint, index) => {
              const deliveries = recent[index]?.deliveries ?? [];
              return (
                <li key={endpoint.id}>
                  <article aria-labelledby={`endpoint-${endpoint.id}`} className="space-y-3 rounded-lg p-4 ring-1 ring-slate-200">
                    <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
                      <div className="min-w-0 space-y-1">
                        <h3 id={`endpoint-${endpoint.id}`} className="font-mono text-sm font-semibold break-all text-slate-900">
                          {endpoint.url}
                        </h3>
                        {endpoint.description ? <p className="text-sm text-slate-700">{endpoint.description}</p> : null}
                      </div>
                      <div className="shrink-0">{endpoint.enabled ? <Badge tone="calm">On</Badge> : <Badge tone="warning">Off</Badge>}</div>
                    </div>
                    {endpoint.enabled ? null : (
                      <p className="text-sm text-amber-900">
                        Turned off {endpoint.disabledAt ? formatDateTime(endpoint.disabledAt) : ""}
                        {endpoint.disabledReason ? `: ${endpoint.disabledReason}` : "."}
                      </p>
                    )}
                    {endpoint.enabled && endpoint.failureStreak > 0 ? (
                      <p className="text-sm text-amber-900">The last {endpoint.failureStreak === 1 ? "delivery" : `${endpoint.failureStreak} deliveries`} failed after every retry.</p>
                    ) : null}
                    <div className="text-sm text-slate-700">
                      {endpoint.eventTypes.length === 0 ? (
                        <p>Sends every event.</p>
                      ) : (
                        <>
                          <p>Sends {endpoint.eventTypes.length === 1 ? "one kind of event" : `${endpoint.eventTypes.length} kinds of events`}:</p>
                          <ul className="mt-1 flex flex-wrap gap-1">
                            {endpoint.eventTypes.map((type) => (
                              <li key={type}>
                                <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs">{type}</code>
                              </li>
                            ))}
                          </ul>
                        </>
                      )}
                    </div>
                    {endpoint.previousSecretUntil ? (
                      <p className="text-sm text-slate-700">The previous signing secret also signs until {formatDateTime(endpoint.previousSecretUntil)}.</p>
                    ) : null}
                    <EndpointActions tenant={slug} tenantId={tenantId} endpoint={endpoint} />
                    <h4 className="pt-2 text-sm font-semibold text-slate-900">Recent deliveries</h4>
                    {deliveries.length === 0 ? (
                      <p className="text-sm text-slate-600">Nothing sent here yet.</p>
                    ) : (
                      <Table label={`Recent deliveries to ${endpoint.url}`} head={["Event", "Status", "Attempts", "Last answer", "Created", "Actions"]}>
                        {deliveries.map((delivery) => (
                          <tr key={delivery.id}>
                            <Cell>
                              <code className="font-mono text-xs">{delivery.eventType ?? delivery.eventId}</code>
                            </Cell>
                            <Cell>
                              {deliveryBadges[delivery.status]}
                              {delivery.nextAttemptAt ? <span className="block pt-1 text-xs text-slate-600">Next try {formatDateTime(delivery.nextAttemptAt)}</span> : null}
                            </Cell>
                            <Cell>{delivery.attempts}</Cell>
                            <Cell wrap>
                              {delivery.lastStatusCode !== null ? `HTTP ${delivery.lastStatusCode}` : delivery.attempts > 0 ? "No answer" : "Not tried yet"}
                              {delivery.lastError && delivery.status !== "delivered" ? <span className="block text-xs text-slate-600">{delivery.lastError}</span> : null}
                            </Cell>
                            <Cell>{formatDateTime(delivery.createdAt)}</Cell>
                            <Cell>{endpoint.enabled && delivery.status !== "pending" ? <RedeliverButton tenant={slug} tenantId={tenantId} delivery={delivery} /> : null}</Cell>
                          </tr>
                        ))}
                      </Table>
                    )}
                  </article>
                </li>
              );
            })}
          </ul>
        )}
      </Panel>

      <Panel
        id="origins-heading"
        title="Sign-in return origins"
        intro="Your apps can send people to Rekey’s hosted sign-in page. Once they are signed in, it may send them back only to these origins, with a one-time code your app’s server exchanges for their session. Any other address is refused."
      >
        {origins.length === 0 ? (
          <p className="text-sm text-slate-700">None yet: the hosted sign-in sends nobody back to an app.</p>
        ) : (
          <ul aria-label="Current return origins" className="space-y-1">
            {origins.map((origin) => (
              <li key={origin}>
                <code className="font-mono text-sm break-all">{origin}</code>
              </li>
            ))}
          </ul>
        )}
        <ReturnOriginsForm key={tenantId} tenant={slug} tenantId={tenantId} origins={origins} />
      </Panel>
    </StaffPage>
  );
}
