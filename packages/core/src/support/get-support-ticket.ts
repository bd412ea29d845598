import type { Db, DbOrTx } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { systemClock, type Clock } from "../clock";
import type { StaffRole, SupportEntryKind } from "../generated/prisma/client";
import { deviceLabel } from "../sessions/describe-user-agent";
import { hasStaffRole, notFoundForStaff, requireStaffRole, type Staff } from "../staff/staff-access";
import { readEvidence, readRiskSignals, ticketState, type Evidence, type RiskSignals, type TicketState } from "./support-rules";

export type GetSupportTicketOptions = { db: Db; staff: Staff; ticketId: string; context: RequestContext; clock?: Clock };

export type TimelineStep = {
  at: Date;
  kind: "opened" | "notified" | "waiting-ends" | "review" | "message" | "decision" | "link-sent" | "ended";
  label: string;
  by: string | null;
  /** Still ahead (the end of a waiting period that has not run yet). */
  upcoming: boolean;
};

export type StaffTicketView = {
  id: string;
  reference: string;
  tenant: { id: string; slug: string; name: string };
  state: TicketState;
  email: string;
  replyEmail: string | null;
  evidence: Evidence;
  riskSignals: RiskSignals;
  risky: boolean;
  needsSecondApprover: boolean;
  waitingUntil: Date;
  createdAt: Date;
  request: { device: string; ip: string };
  user: { id: string; name: string; email: string; createdAt: Date };
  firstApprover: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  linkSentTo: "address-on-file" | "reply-address" | null;
  endedAt: Date | null;
  endReason: string | null;
  timeline: TimelineStep[];
  entries: { id: string; kind: SupportEntryKind; by: string | null; body: string; createdAt: Date }[];
  can: { review: boolean; message: boolean; approve: boolean; deny: boolean };
  /** Why approving is not possible now, in words for the page (null when it is). */
  approveBlockedBecause: string | null;
};

const ticketSelect = {
  id: true,
  tenantId: true,
  userId: true,
  reference: true,
  status: true,
  email: true,
  replyEmail: true,
  evidence: true,
  riskSignals: true,
  risky: true,
  needsSecondApprover: true,
  waitingUntil: true,
  expiresAt: true,
  firstApproverId: true,
  firstApprovedAt: true,
  decidedById: true,
  decidedAt: true,
  decisionNote: true,
  linkSentTo: true,
  endedAt: true,
  endReason: true,
  ip: true,
  userAgent: true,
  createdAt: true,
} as const;

/**
 * A ticket as staff may act on it: a real one (decoys are nobody's business) in a tenant where the
 * staff member holds at least `atLeast`. Anything else is the not-found a missing id gets (S28).
 */
export async function getTicketForStaff(db: DbOrTx, staff: Staff, ticketId: string, atLeast: StaffRole) {
  const ticket = ticketId.length <= 64 ? await db.supportTicket.findUnique({ where: { id: ticketId }, select: ticketSelect }) : null;
  if (!ticket || !ticket.userId) throw notFoundForStaff();
  requireStaffRole(staff, ticket.tenantId, atLeast);
  return { ...ticket, userId: ticket.userId };
}

export type StaffTicket = Awaited<ReturnType<typeof getTicketForStaff>>;

// The same words as the web app's formatDateTime ("10 Dec 2026, 18:32 UTC"): this sentence sits on
// a page that shows every other date that way.
const waitingEndFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });

/** Why this staff member cannot approve this ticket now, or null. Core enforces each again on approval. */
export function approveBlockedBecause(ticket: StaffTicket, staff: Staff, now: Date): string | null {
  const state = ticketState(ticket, now);
  if (!hasStaffRole(staff, ticket.tenantId, "lead")) return "Only a lead can approve.";
  if (ticket.userId === staff.userId) return "Nobody can approve a request to recover their own account.";
  if (state === "waiting") return `The waiting period ends ${waitingEndFormat.format(ticket.waitingUntil)} UTC. Until then nobody can approve it.`;
  if (state !== "under-review" && state !== "awaiting-second-approval") return "This request is no longer open.";
  if (ticket.firstApproverId === staff.userId) return "You approved it already: a second lead must approve too.";
  return null;
}

/** The ticket page of the dashboard. Opening it is a staff action: it writes an audit row. */
export async function getSupportTicket(options: GetSupportTicketOptions): Promise<StaffTicketView> {
  const { db, staff, ticketId, context, clock = systemClock } = options;
  const ticket = await getTicketForStaff(db, staff, ticketId, "agent");
  const now = clock.now();
  const [tenant, user, entries, opened] = await Promise.all([
    db.tenant.findUniqueOrThrow({ where: { id: ticket.tenantId }, select: { id: true, slug: true, name: true } }),
    db.user.findUniqueOrThrow({ where: { id: ticket.userId }, select: { id: true, name: true, email: true, createdAt: true } }),
    db.supportTicketEntry.findMany({ where: { ticketId: ticket.id }, orderBy: { createdAt: "asc" }, select: { id: true, kind: true, staffUserId: true, body: true, createdAt: true } }),
    db.auditEvent.findFirst({ where: { tenantId: ticket.tenantId, userId: ticket.userId, type: "support.ticket_opened", data: { path: ["ticketId"], equals: ticket.id } }, select: { data: true } }),
  ]);
  const staffIds = [...new Set([ticket.firstApproverId, ticket.decidedById, ...entries.map((entry) => entry.staffUserId)].filter((id): id is string => Boolean(id)))];
  const staffUsers = await db.user.findMany({ where: { id: { in: staffIds } }, select: { id: true, name: true } });
  const nameOf = (id: string | null) => (id ? (staffUsers.find((u) => u.id === id)?.name ?? "Former staff") : null);
  const state = ticketState(ticket, now);
  const blocked = approveBlockedBecause(ticket, staff, now);
  const isOpen = state === "waiting" || state === "under-review" || state === "awaiting-second-approval";

  await recordAuditEvent({
    db,
    tenantId: ticket.tenantId,
    userId: ticket.userId,
    actor: { type: "staff", id: staff.userId },
    type: "staff.ticket_viewed",
    context,
    data: { ticketId: ticket.id, reason: `Working on request ${ticket.reference}` },
  });

  const notified = (opened?.data ?? {}) as { notifiedPhones?: number };
  const firstApprovalId = entries.find((entry) => entry.kind === "approval")?.id;
  const timeline: TimelineStep[] = [
    { at: ticket.createdAt, kind: "opened", label: "Request opened", by: null, upcoming: false },
    {
      at: ticket.createdAt,
      kind: "notified",
      label: `Owner notified by email${notified.notifiedPhones ? ` and ${notified.notifiedPhones} text message${notified.notifiedPhones === 1 ? "" : "s"}` : ""}, with a cancel link`,
      by: null,
      upcoming: false,
    },
    // A request that ended inside its waiting period never reaches the end of it.
    ...(ticket.endedAt && ticket.endedAt < ticket.waitingUntil
      ? []
      : [{ at: ticket.waitingUntil, kind: "waiting-ends" as const, label: "Waiting period ends", by: null, upcoming: ticket.waitingUntil > now }]),
    ...entries.map((entry): TimelineStep => ({
      at: entry.createdAt,
      kind: entry.kind === "message_from_person" || entry.kind === "message_to_person" ? "message" : entry.kind === "approval" || entry.kind === "denial" ? "decision" : "review",
      // Of two approvals, the first hands nothing over yet: "Approved" twice read as done twice.
      label: entry.kind === "approval" && ticket.needsSecondApprover && entry.id === firstApprovalId ? "First approval" : entryLabels[entry.kind],
      by: entry.kind === "message_from_person" ? "The person asking" : nameOf(entry.staffUserId),
      upcoming: false,
    })),
    ...(ticket.status === "approved" || ticket.status === "completed" ? [{ at: ticket.decidedAt ?? now, kind: "link-sent" as const, label: `Recovery link sent to the ${ticket.linkSentTo === "reply_address" ? "reply address" : "address on file"}`, by: null, upcoming: false }] : []),
    // A denial is already on the line as the lead's decision entry; a second "Denied" would repeat it.
    ...(ticket.endedAt && ticket.status !== "denied" ? [{ at: ticket.endedAt, kind: "ended" as const, label: endLabel(ticket.status, ticket.endReason), by: null, upcoming: false }] : []),
  ];
  timeline.sort((a, b) => a.at.getTime() - b.at.getTime());

  return {
    id: ticket.id,
    reference: ticket.reference,
    tenant,
    state,
    email: ticket.email,
    replyEmail: ticket.replyEmail,
    evidence: readEvidence(ticket.evidence),
    riskSignals: readRiskSignals(ticket.riskSignals),
    risky: ticket.risky,
    needsSecondApprover: ticket.needsSecondApprover,
    waitingUntil: ticket.waitingUntil,
    createdAt: ticket.createdAt,
    request: { device: deviceLabel(ticket.userAgent), ip: ticket.ip },
    user,
    firstApprover: nameOf(ticket.firstApproverId),
    decidedBy: nameOf(ticket.decidedById),
    decidedAt: ticket.decidedAt,
    decisionNote: ticket.decisionNote,
    linkSentTo: ticket.linkSentTo === "reply_address" ? "reply-address" : ticket.linkSentTo === "address_on_file" ? "address-on-file" : null,
    endedAt: ticket.endedAt,
    endReason: ticket.endReason,
    timeline,
    entries: entries.map((entry) => ({ id: entry.id, kind: entry.kind, by: entry.kind === "message_from_person" ? null : nameOf(entry.staffUserId), body: entry.body, createdAt: entry.createdAt })),
    can: {
      review: isOpen,
      message: isOpen,
      approve: blocked === null,
      deny: isOpen && hasStaffRole(staff, ticket.tenantId, "lead") && ticket.userId !== staff.userId,
    },
    approveBlockedBecause: blocked,
  };
}

const entryLabels: Record<SupportEntryKind, string> = {
  message_from_person: "Message from the person asking",
  message_to_person: "Message to the person asking",
  note: "Note",
  recommend_approve: "Recommended approval",
  recommend_deny: "Recommended denial",
  approval: "Approved",
  denial: "Denied",
};

function endLabel(status: string, reason: string | null): string {
  if (status === "cancelled") {
    if (reason === "cancel_link") return "Cancelled by the owner with the link in the notice";
    if (reason === "owner_signed_in") return "Cancelled: the owner signed in";
    if (reason === "account_recovered") return "Cancelled: the account was recovered another way";
    return "Cancelled";
  }
  if (status === "completed") return "Account recovered with the link";
  if (status === "expired") return "Closed without a decision";
  return "Denied";
}
