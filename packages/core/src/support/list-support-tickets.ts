import type { Db } from "../db/client";
import { hours, systemClock, type Clock } from "../clock";
import type { Prisma } from "../generated/prisma/client";
import { tenantsWithRole, type Staff } from "../staff/staff-access";
import { ticketState, type TicketState } from "./support-rules";

/** The queue's tabs: open ones by stage, then what was decided or ended. */
export type QueueFilter = "waiting" | "ready" | "second-approval" | "approved" | "closed" | "all";

export type ListSupportTicketsOptions = {
  db: Db;
  staff: Staff;
  filter: QueueFilter;
  tenantId?: string;
  risk?: "risky" | "normal";
  /** Open tickets whose waiting period ends within this many hours. */
  waitingEndsWithinHours?: number;
  clock?: Clock;
};

export type QueueTicket = {
  id: string;
  reference: string;
  tenant: { id: string; name: string };
  email: string;
  state: TicketState;
  risky: boolean;
  needsSecondApprover: boolean;
  createdAt: Date;
  waitingUntil: Date;
  recommendations: { approve: number; deny: number };
};

export type SupportQueue = {
  tickets: QueueTicket[];
  counts: Record<Exclude<QueueFilter, "all">, number>;
  tenants: { id: string; name: string }[];
};

const pageSize = 100;

/** The dashboard's queue: real tickets of the tenants the staff member serves (decoys never show). */
export async function listSupportTickets(options: ListSupportTicketsOptions): Promise<SupportQueue> {
  const { db, staff, filter, risk, waitingEndsWithinHours, clock = systemClock } = options;
  const now = clock.now();
  const served = tenantsWithRole(staff, "agent");
  // A tenant the staff member does not serve reads as one with no tickets (S28).
  const tenantIds = options.tenantId ? served.filter((id) => id === options.tenantId) : served;
  const base: Prisma.SupportTicketWhereInput = { tenantId: { in: tenantIds }, userId: { not: null } };
  const stage = stageWhere(now);

  const where: Prisma.SupportTicketWhereInput = {
    AND: [
      base,
      filter === "all" ? {} : stage[filter],
      risk ? { risky: risk === "risky" } : {},
      waitingEndsWithinHours !== undefined ? { status: "open", waitingUntil: { gt: now, lte: new Date(now.getTime() + hours(waitingEndsWithinHours)) } } : {},
    ],
  };
  const isOpenStage = filter === "waiting" || filter === "ready" || filter === "second-approval";
  const countKeys = ["waiting", "ready", "second-approval", "approved", "closed"] as const;
  const [rows, counts] = await Promise.all([
    db.supportTicket.findMany({
      where,
      orderBy: isOpenStage ? [{ waitingUntil: "asc" }] : [{ createdAt: "desc" }],
      take: pageSize,
      select: {
        id: true,
        reference: true,
        email: true,
        status: true,
        risky: true,
        needsSecondApprover: true,
        createdAt: true,
        waitingUntil: true,
        expiresAt: true,
        firstApproverId: true,
        tenant: { select: { id: true, name: true } },
        entries: { where: { kind: { in: ["recommend_approve", "recommend_deny"] } }, select: { kind: true } },
      },
    }),
    Promise.all(countKeys.map(async (key) => [key, await db.supportTicket.count({ where: { AND: [base, stage[key]] } })] as const)),
  ]);
  const tenants = staff.memberships.filter((m) => served.includes(m.tenantId)).map((m) => ({ id: m.tenantId, name: m.tenantName }));
  return {
    tickets: rows.map((row) => ({
      id: row.id,
      reference: row.reference,
      tenant: row.tenant,
      email: row.email,
      state: ticketState(row, now),
      risky: row.risky,
      needsSecondApprover: row.needsSecondApprover,
      createdAt: row.createdAt,
      waitingUntil: row.waitingUntil,
      recommendations: {
        approve: row.entries.filter((entry) => entry.kind === "recommend_approve").length,
        deny: row.entries.filter((entry) => entry.kind === "recommend_deny").length,
      },
    })),
    counts: Object.fromEntries(counts) as SupportQueue["counts"],
    tenants,
  };
}

/** Each tab as a condition, with the same boundaries as ticketState(). */
function stageWhere(now: Date): Record<Exclude<QueueFilter, "all">, Prisma.SupportTicketWhereInput> {
  const live = { expiresAt: { gt: now } };
  return {
    waiting: { status: "open", waitingUntil: { gt: now }, ...live },
    ready: { status: "open", waitingUntil: { lte: now }, firstApproverId: null, ...live },
    "second-approval": { status: "open", waitingUntil: { lte: now }, firstApproverId: { not: null }, ...live },
    approved: { status: "approved", ...live },
    closed: { OR: [{ status: { in: ["denied", "cancelled", "completed", "expired"] } }, { status: { in: ["open", "approved"] }, expiresAt: { lte: now } }] },
  };
}
