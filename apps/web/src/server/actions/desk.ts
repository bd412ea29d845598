"use server";

import type { ActionResult } from "@/lib/form-state";
import { runAction } from "./action-result";

// The support desk's changes on a ticket. Approving and denying need a fresh step-up (S12): the
// api answers STEP_UP_REQUIRED and the page sends the staff member to "confirm it's you" and back
// (components/use-action.ts). Every other gate failure comes back as a form error to show.

export type ReviewKind = "recommend_approve" | "recommend_deny" | "note";

export async function reviewTicketAction(tenant: string, ticketId: string, kind: ReviewKind, reason: string): Promise<ActionResult<{ status: "recorded" }>> {
  return runAction(tenant, async (caller) => ({ status: (await caller.desk.review({ ticketId, kind, reason })).status }), { refreshPage: true });
}

export async function messageTicketAction(tenant: string, ticketId: string, body: string): Promise<ActionResult<{ status: "sent" }>> {
  return runAction(tenant, async (caller) => ({ status: (await caller.desk.message({ ticketId, body })).status }), { refreshPage: true });
}

export async function approveTicketAction(
  tenant: string,
  ticketId: string,
  reason: string,
  sendTo: "address-on-file" | "reply-address",
): Promise<ActionResult<{ state: "approved" | "awaiting-second-approval" }>> {
  return runAction(tenant, (caller) => caller.desk.approve({ ticketId, reason, sendTo }), { refreshPage: true });
}

export async function denyTicketAction(tenant: string, ticketId: string, reason: string, explanation: string): Promise<ActionResult<{ state: "denied" }>> {
  return runAction(tenant, (caller) => caller.desk.deny({ ticketId, reason, explanation }), { refreshPage: true });
}
