import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Badge, Cell, EmptyState, Panel, StaffPage, Table, TextArea } from "@/components/staff-ui";
import { Alert, buttonStyles, ReasonList, TextLink } from "@/components/ui";
import { formatDateTime, knownIp, plural } from "@/lib/format";
import { describeMethods } from "@/lib/sign-in-methods";
import { tenantHref } from "@/lib/tenant-href";
import { errorCode, toFormError } from "@/server/errors";
import { requireStaff, tenantsWithRole } from "@/server/staff";
import { HighValueForm } from "./high-value-form";

export const metadata: Metadata = { title: "Account for support" };

const factorLabels = { totp: "Authenticator app", sms: "Text message", webauthn: "Security key" } as const;

/**
 * An account as support sees it. Every look is audited with its reason, so the page asks for the
 * reason first (a plain GET form: the reason is no secret, and the page works without script).
 */
export default async function StaffUserPage({ params, searchParams }: { params: Promise<{ tenant: string; id: string }>; searchParams: Promise<{ reason?: string | string[] }> }) {
  const [{ tenant: slug, id }, query] = await Promise.all([params, searchParams]);
  const path = `/staff/users/${encodeURIComponent(id)}`;
  const staff = await requireStaff(slug, path);
  if (!staff) return null;
  const reason = typeof query.reason === "string" ? query.reason.trim().slice(0, 500) : "";

  if (reason.length < 3) {
    return (
      <StaffPage title="Open an account" intro="Each time you open an account, the reason is kept in the staff log and the account's owner can be told.">
        <form method="get" action={tenantHref(slug, path)} className="max-w-xl space-y-4 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
          {typeof query.reason === "string" ? <Alert tone="error" title="Say why, in at least 3 characters." /> : null}
          <TextArea
            id="open-reason"
            name="reason"
            label="Why are you opening this account?"
            hint="For example: reviewing recovery request R-123."
            required
            maxLength={500}
            defaultValue={typeof query.reason === "string" ? query.reason : ""}
          />
          <button type="submit" className={buttonStyles.primary}>
            Open account
          </button>
        </form>
        <p>
          <TextLink href={tenantHref(slug, "/staff")}>Back to the queue</TextLink>
        </p>
      </StaffPage>
    );
  }

  const answer = await staff.caller.staff.user({ userId: id, reason }).then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (!answer.ok) {
    // The api's answer for an account outside the staff member's tenants, too (S28).
    if (errorCode(answer.error) === "NOT_FOUND") notFound();
    const refused = toFormError(answer.error);
    return (
      <StaffPage title="Open an account">
        <Alert tone="error" title={refused.message}>
          {refused.details?.length ? <ReasonList reasons={refused.details} /> : null}
        </Alert>
        <p>
          <TextLink href={tenantHref(slug, path)}>Try again</TextLink>
        </p>
      </StaffPage>
    );
  }
  const view = answer.value;
  const isAdmin = tenantsWithRole(staff.me, "admin").some((membership) => membership.tenantId === view.tenant.id);
  const returnPath = `${path}?reason=${encodeURIComponent(reason)}`;

  return (
    <StaffPage
      title={view.name}
      intro={
        <div className="flex flex-wrap items-center gap-2">
          <span className="break-all">{view.email}</span>
          {view.emailVerified ? <Badge tone="calm">Email confirmed</Badge> : <Badge tone="warning">Email not confirmed</Badge>}
          {view.highValue ? <Badge tone="risky">High-value account</Badge> : null}
          <span className="text-sm">{view.tenant.name}</span>
        </div>
      }
    >
      <p className="text-sm text-slate-600">
        Opened because: <span className="whitespace-pre-wrap text-slate-900">{reason}</span>. Account created {formatDateTime(view.createdAt)}.
      </p>

      <Panel id="readiness-heading" title="Recovery readiness">
        <dl className="grid grid-cols-1 gap-3 sm:grid-cols-3">
          <div className="rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200">
            <dt className="text-sm text-slate-600">Recovery codes left</dt>
            <dd className="text-2xl font-semibold">{view.readiness.recoveryCodesLeft}</dd>
          </div>
          <div className="rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200">
            <dt className="text-sm text-slate-600">Trusted contacts who can help</dt>
            <dd className="text-2xl font-semibold">{view.readiness.usableTrustedContacts}</dd>
          </div>
          <div className="rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200">
            <dt className="text-sm text-slate-600">Recoveries under way</dt>
            <dd className="text-2xl font-semibold">{view.readiness.openRecoveries}</dd>
          </div>
        </dl>
      </Panel>

      <Panel id="factors-heading" title="Two-step methods" intro="Names and dates only: support never sees a secret.">
        {view.factors.length === 0 ? (
          <EmptyState title="No two-step methods." />
        ) : (
          <Table label="Two-step methods" head={["Kind", "Name", "Added", "Last used"]}>
            {view.factors.map((factor, index) => (
              <tr key={index}>
                <Cell>
                  {factor.type === "webauthn" && factor.isPasskey ? "Passkey" : factorLabels[factor.type]}
                  {factor.maskedPhone ? ` (${factor.maskedPhone})` : ""}
                </Cell>
                <Cell wrap>{factor.name}</Cell>
                <Cell>{formatDateTime(factor.createdAt)}</Cell>
                <Cell>{factor.lastUsedAt ? formatDateTime(factor.lastUsedAt) : "Never"}</Cell>
              </tr>
            ))}
          </Table>
        )}
      </Panel>

      <Panel id="sign-ins-heading" title="Recent sign-ins">
        {view.recentSignIns.length === 0 ? (
          <EmptyState title="No sign-ins yet." />
        ) : (
          <Table label="Recent sign-ins" head={["Signed in", "Last seen", "Device", "Address", "Methods", "State"]}>
            {view.recentSignIns.map((signIn, index) => (
              <tr key={index}>
                <Cell>{formatDateTime(signIn.createdAt)}</Cell>
                <Cell>{formatDateTime(signIn.lastSeenAt)}</Cell>
                <Cell wrap>{signIn.device}</Cell>
                <Cell>{knownIp(signIn.ip) ?? "Unknown"}</Cell>
                <Cell>{describeMethods(signIn.methods)}</Cell>
                <Cell>{signIn.ended ? "Ended" : "Active"}</Cell>
              </tr>
            ))}
          </Table>
        )}
      </Panel>

      <Panel id="activity-heading" title="Activity" intro={`${plural(view.activity.length, "recent event", "recent events")}, newest first.`}>
        {view.activity.length === 0 ? (
          <EmptyState title="No activity yet." />
        ) : (
          <Table label="Activity" head={["When", "What", "Device", "Address"]}>
            {view.activity.map((event) => (
              <tr key={event.id}>
                <Cell>{formatDateTime(event.at)}</Cell>
                <Cell wrap>
                  {event.description}
                  {event.byStaff ? (
                    <>
                      {" "}
                      <Badge tone="info">By staff</Badge>
                    </>
                  ) : null}
                </Cell>
                <Cell wrap>{event.device}</Cell>
                <Cell>{knownIp(event.ip) ?? "Unknown"}</Cell>
              </tr>
            ))}
          </Table>
        )}
      </Panel>

      {isAdmin ? (
        <Panel
          id="high-value-heading"
          title="High-value account"
          intro={view.highValue ? "This account is marked for extra care: every support recovery needs a second approver." : "Not marked. Mark accounts whose loss would do great harm."}
        >
          <HighValueForm tenant={slug} userId={view.id} highValue={view.highValue} returnPath={returnPath} />
        </Panel>
      ) : null}

      <p>
        <TextLink href={tenantHref(slug, "/staff")}>Back to the queue</TextLink>
      </p>
    </StaffPage>
  );
}
