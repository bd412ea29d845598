import { randomInt } from "node:crypto";
import type { SupportEntryKind, SupportTicketStatus } from "../generated/prisma/client";

/**
 * Where a ticket stands, as staff see it. The person's status page shows the same, except that
 * "awaiting-second-approval" reads as "under-review" (who approved is staff business).
 */
export type TicketState = "waiting" | "under-review" | "awaiting-second-approval" | "approved" | "denied" | "cancelled" | "completed" | "expired";

export type TicketStateFields = { status: SupportTicketStatus; waitingUntil: Date; expiresAt: Date; firstApproverId: string | null };

export function ticketState(ticket: TicketStateFields, now: Date): TicketState {
  switch (ticket.status) {
    case "open":
      if (ticket.expiresAt <= now) return "expired";
      if (now < ticket.waitingUntil) return "waiting";
      return ticket.firstApproverId ? "awaiting-second-approval" : "under-review";
    case "approved":
      // The recovery link lives a day; after that the approval has lapsed.
      return ticket.expiresAt <= now ? "expired" : "approved";
    default:
      return ticket.status;
  }
}

/** What the person sees: one state for the whole review. */
export type PersonTicketState = Exclude<TicketState, "awaiting-second-approval">;

export function personTicketState(state: TicketState): PersonTicketState {
  return state === "awaiting-second-approval" ? "under-review" : state;
}

/** Risk, computed when the ticket is opened (open-support-ticket.ts) and shown to staff. */
export type RiskSignals = {
  hadSecondFactor: boolean;
  /** The password or the email address changed in the last 14 days. */
  recentCredentialChange: boolean;
  /** The request came from a browser the account has not used. */
  newDevice: boolean;
  /** ...and from a network address none of its sessions in 90 days used. */
  newNetwork: boolean;
  /** Earlier requests for this account that were denied or cancelled. */
  earlierTickets: number;
  highValue: boolean;
};

/** Any of these makes a request risky: it needs a second lead where the tenant asks for one on risky tickets. */
export function isRisky(signals: RiskSignals): boolean {
  return signals.hadSecondFactor || signals.recentCredentialChange || signals.earlierTickets > 0 || signals.highValue || (signals.newDevice && signals.newNetwork);
}

export type Evidence = {
  whatHappened: string;
  lastSignIn: string;
  devicesAndPlaces: string;
  answers: { question: string; answer: string }[];
};

/** The thread the person sees; the rest (notes, recommendations, decisions) is staff-only. */
export const personVisibleEntryKinds: SupportEntryKind[] = ["message_from_person", "message_to_person"];

// Crockford's base32 without the look-alikes (no I, L, O, U): read out over the phone easily.
const referenceAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** "RK-7Q4M-2XPD": names the ticket when the person talks to support; not a secret (the status link is). */
export function newTicketReference(): string {
  const chars = Array.from({ length: 8 }, () => referenceAlphabet[randomInt(referenceAlphabet.length)]).join("");
  return `RK-${chars.slice(0, 4)}-${chars.slice(4)}`;
}

export function readEvidence(stored: unknown): Evidence {
  const value = (stored ?? {}) as Partial<Evidence>;
  return {
    whatHappened: String(value.whatHappened ?? ""),
    lastSignIn: String(value.lastSignIn ?? ""),
    devicesAndPlaces: String(value.devicesAndPlaces ?? ""),
    answers: Array.isArray(value.answers) ? value.answers.map((a) => ({ question: String(a?.question ?? ""), answer: String(a?.answer ?? "") })) : [],
  };
}

export function readRiskSignals(stored: unknown): RiskSignals {
  const value = (stored ?? {}) as Partial<RiskSignals>;
  return {
    hadSecondFactor: value.hadSecondFactor === true,
    recentCredentialChange: value.recentCredentialChange === true,
    newDevice: value.newDevice === true,
    newNetwork: value.newNetwork === true,
    earlierTickets: typeof value.earlierTickets === "number" ? value.earlierTickets : 0,
    highValue: value.highValue === true,
  };
}
