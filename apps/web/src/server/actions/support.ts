"use server";

import type { ActionResult } from "@/lib/form-state";
import type { Caller } from "../caller";
import { runAction } from "./action-result";

// The locked-out person's side of "ask support to recover my account". There is no cookie: the
// request's page is reached with the status token the person was shown once, which the pages read
// from the link's fragment and pass here. Finishing goes through the "support-recovery" next-auth
// provider, which sets the session cookie.

/** The request as the person sees it on their status page. */
export type SupportTicketView = Awaited<ReturnType<Caller["support"]["status"]>>;

export type SupportRequest = {
  email: string;
  whatHappened: string;
  lastSignIn: string;
  devicesAndPlaces: string;
  /** One per question of the tenant's form, in its order. */
  answers: string[];
  replyEmail: string;
};

/** The same answer whether or not the account exists or already has a request under way (S5). */
export async function openSupportTicketAction(
  tenant: string,
  request: SupportRequest,
): Promise<ActionResult<{ reference: string; statusToken: string; waitingUntil: Date }>> {
  return runAction(tenant, async (caller) => {
    const opened = await caller.support.open(request);
    return { reference: opened.reference, statusToken: opened.statusToken, waitingUntil: opened.waitingUntil };
  });
}

export async function supportStatusAction(tenant: string, statusToken: string): Promise<ActionResult<SupportTicketView>> {
  return runAction(tenant, (caller) => caller.support.status({ statusToken }));
}

/** Sends the message and answers the request as it now reads, thread included. */
export async function replyToSupportAction(tenant: string, statusToken: string, body: string): Promise<ActionResult<SupportTicketView>> {
  return runAction(tenant, async (caller) => {
    await caller.support.reply({ statusToken, body });
    return caller.support.status({ statusToken });
  });
}
