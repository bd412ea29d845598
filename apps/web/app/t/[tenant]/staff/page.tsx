import type { Metadata } from "next";
import Link from "next/link";
import { Badge, Cell, EmptyState, selectClass, StaffPage, Table, TabLinks } from "@/components/staff-ui";
import { buttonStyles, focusRing } from "@/components/ui";
import { formatDateTime } from "@/lib/format";
import { tenantHref } from "@/lib/tenant-href";
import { requireStaff } from "@/server/staff";
import { ticketStateLabels, ticketStateTones } from "./ticket-labels";

export const metadata: Metadata = { title: "Support queue" };

const stages = [
  { value: "ready", label: "Ready for review" },
  { value: "waiting", label: "Waiting period" },
  { value: "second-approval", label: "Second approval" },
  { value: "approved", label: "Approved" },
  { value: "closed", label: "Closed" },
  { value: "all", label: "All" },
] as const;
type Stage = (typeof stages)[number]["value"];

const emptyMessages: Record<Stage, string> = {
  ready: "No request has finished its waiting period and waits for a review.",
  waiting: "No request is in its waiting period.",
  "second-approval": "No request waits for a second approver.",
  approved: "No approved request is waiting to be completed.",
  closed: "No closed requests yet.",
  all: "No support requests yet.",
};

type Query = { stage?: string | string[]; tenant?: string | string[]; risk?: string | string[]; soon?: string | string[] };

function one(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

export default async function QueuePage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<Query> }) {
  const { tenant: slug } = await params;
  const query = await searchParams;
  const staff = await requireStaff(slug, "/staff");
  if (!staff) return null;

  const stage: Stage = stages.find((s) => s.value === one(query.stage))?.value ?? "ready";
  const tenantId = one(query.tenant)?.slice(0, 64);
  const riskValue = one(query.risk);
  const risk = riskValue === "risky" || riskValue === "normal" ? riskValue : undefined;
  const soon = one(query.soon) === "1";
  const queue = await staff.caller.desk.queue({ filter: stage, tenantId, risk, waitingEndsWithinHours: soon ? 24 : undefined });

  /** The queue's address with `changes` applied to the current filters. */
  function hrefWith(changes: Partial<Record<"stage" | "tenant" | "risk" | "soon", string | undefined>>) {
    const next = new URLSearchParams();
    const merged = { stage, tenant: tenantId, risk, soon: soon ? "1" : undefined, ...changes };
    for (const [key, value] of Object.entries(merged)) if (value && !(key === "stage" && value === "ready")) next.set(key, value);
    return tenantHref(slug, next.size ? `/staff?${next}` : "/staff");
  }

  const filtered = Boolean(tenantId || risk || soon);
  return (
    <StaffPage title="Support queue" intro="Recovery requests from people who lost every other way back into their account.">
      <TabLinks
        label="Stages"
        tabs={stages.map((s) => ({
          href: hrefWith({ stage: s.value }),
          label: s.label,
          count: s.value === "all" ? undefined : queue.counts[s.value],
          current: s.value === stage,
        }))}
      />

      <form method="get" action={tenantHref(slug, "/staff")} className="flex flex-col gap-3 rounded-lg bg-white p-4 ring-1 ring-slate-200 sm:flex-row sm:flex-wrap sm:items-end">
        {stage !== "ready" ? <input type="hidden" name="stage" value={stage} /> : null}
        {queue.tenants.length > 1 ? (
          <div>
            <label htmlFor="queue-tenant" className="block text-sm font-medium text-slate-800">
              Organisation
            </label>
            <select id="queue-tenant" name="tenant" defaultValue={tenantId ?? ""} className={`mt-1.5 ${selectClass}`}>
              <option value="">All organisations</option>
              {queue.tenants.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div>
          <label htmlFor="queue-risk" className="block text-sm font-medium text-slate-800">
            Risk
          </label>
          <select id="queue-risk" name="risk" defaultValue={risk ?? ""} className={`mt-1.5 ${selectClass}`}>
            <option value="">Any risk</option>
            <option value="risky">Risky only</option>
            <option value="normal">Normal only</option>
          </select>
        </div>
        <div className="flex items-center gap-2 sm:pb-3">
          <input id="queue-soon" type="checkbox" name="soon" value="1" defaultChecked={soon} className="size-4 rounded border-slate-300" />
          <label htmlFor="queue-soon" className="text-sm font-medium text-slate-800">
            Waiting period ends within 24 h
          </label>
        </div>
        <div className="flex gap-3">
          <button type="submit" className={buttonStyles.secondary}>
            Apply filters
          </button>
          {filtered ? (
            <Link href={hrefWith({ tenant: undefined, risk: undefined, soon: undefined })} className={`${buttonStyles.secondary} ring-0`}>
              Clear filters
            </Link>
          ) : null}
        </div>
      </form>

      {queue.tickets.length === 0 ? (
        <EmptyState title={filtered ? "No requests match these filters." : "Nothing here."}>{filtered ? "Try clearing the filters." : emptyMessages[stage]}</EmptyState>
      ) : (
        <Table label="Support requests" head={["Reference", "Organisation", "Email", "State", "Risk", "Opened", "Waiting period ends", "Recommendations"]}>
          {queue.tickets.map((ticket) => (
            <tr key={ticket.id}>
              <Cell>
                <Link href={tenantHref(slug, `/staff/tickets/${encodeURIComponent(ticket.id)}`)} className={`font-medium text-indigo-700 underline underline-offset-2 ${focusRing} rounded-sm`}>
                  {ticket.reference}
                </Link>
              </Cell>
              <Cell>{ticket.tenant.name}</Cell>
              <Cell>{ticket.email}</Cell>
              <Cell>
                <Badge tone={ticketStateTones[ticket.state]}>{ticketStateLabels[ticket.state]}</Badge>
              </Cell>
              <Cell>
                {ticket.risky ? <Badge tone="risky">Risky</Badge> : <Badge tone="calm">Normal</Badge>}
                {ticket.needsSecondApprover ? <span className="block pt-1 text-xs text-slate-600">Two approvers</span> : null}
              </Cell>
              <Cell>{formatDateTime(ticket.createdAt)}</Cell>
              <Cell>{formatDateTime(ticket.waitingUntil)}</Cell>
              <Cell>
                <span className="sr-only">
                  {ticket.recommendations.approve} to approve, {ticket.recommendations.deny} to deny
                </span>
                <span aria-hidden="true">
                  {ticket.recommendations.approve} approve · {ticket.recommendations.deny} deny
                </span>
              </Cell>
            </tr>
          ))}
        </Table>
      )}
    </StaffPage>
  );
}
