"use server";

import type { ActionResult } from "@/lib/form-state";
import { runAction } from "./action-result";

// Trusted contacts, from both sides. The owner's changes need a fresh step-up (S12): the api
// answers STEP_UP_REQUIRED and the security page sends the person to "confirm it's you" and back.
// The contact's answers need only their session.

export async function inviteContactAction(tenant: string, email: string): Promise<ActionResult<{ status: "invited"; contactId: string }>> {
  return runAction(tenant, (caller) => caller.contacts.invite({ email }), { refreshPage: true });
}

export async function removeContactAction(tenant: string, contactId: string): Promise<ActionResult<{ status: "withdrawn" | "removed" }>> {
  return runAction(tenant, (caller) => caller.contacts.remove({ contactId }), { refreshPage: true });
}

export async function setContactThresholdAction(tenant: string, threshold: number): Promise<ActionResult<{ threshold: number }>> {
  return runAction(tenant, (caller) => caller.contacts.setThreshold({ threshold }), { refreshPage: true });
}

export async function answerInvitationAction(
  tenant: string,
  contactId: string,
  answer: "accept" | "decline",
): Promise<ActionResult<{ status: "accepted" | "declined"; usableFrom: Date | null }>> {
  return runAction(tenant, (caller) => caller.helping.answerInvitation({ contactId, answer }), { refreshPage: true });
}

export async function leaveAsContactAction(tenant: string, contactId: string): Promise<ActionResult<{ status: "left" }>> {
  return runAction(tenant, (caller) => caller.helping.leave({ contactId }), { refreshPage: true });
}

export type VouchedCode = { code: string; expiresAt: Date; ownerName: string };

/**
 * "Yes, they asked me": the relay code, in this answer only. No refresh: the page's own HTML never
 * holds the code, and the person reading it out keeps it on screen.
 */
export async function vouchAction(tenant: string, recoveryId: string): Promise<ActionResult<VouchedCode>> {
  return runAction(tenant, (caller) => caller.helping.vouch({ recoveryId }));
}

export async function refuseRecoveryAction(tenant: string, recoveryId: string): Promise<ActionResult<{ status: "refused" }>> {
  return runAction(tenant, (caller) => caller.helping.refuse({ recoveryId }), { refreshPage: true });
}
