import { z } from "zod";
import { getSupportTicket } from "@rekey/core";
import { staffProcedure } from "../../trpc";
import { ticketIdInput, ticketStateOutput } from "./desk-schemas";

const timelineStep = z.object({
  at: z.date(),
  kind: z.enum(["opened", "notified", "waiting-ends", "review", "message", "decision", "link-sent", "ended"]),
  label: z.string(),
  by: z.string().nullable(),
  upcoming: z.boolean(),
});

/** A ticket's page: evidence, risk signals, timeline, thread, and what this staff member may do. Audited. */
export const ticket = staffProcedure
  .input(z.object({ ticketId: ticketIdInput }))
  .output(
    z.object({
      id: z.string(),
      reference: z.string(),
      tenant: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
      state: ticketStateOutput,
      email: z.string(),
      replyEmail: z.string().nullable(),
      evidence: z.object({
        whatHappened: z.string(),
        lastSignIn: z.string(),
        devicesAndPlaces: z.string(),
        answers: z.array(z.object({ question: z.string(), answer: z.string() })),
      }),
      riskSignals: z.object({
        hadSecondFactor: z.boolean(),
        recentCredentialChange: z.boolean(),
        newDevice: z.boolean(),
        newNetwork: z.boolean(),
        earlierTickets: z.number().int(),
        highValue: z.boolean(),
      }),
      risky: z.boolean(),
      needsSecondApprover: z.boolean(),
      waitingUntil: z.date(),
      createdAt: z.date(),
      request: z.object({ device: z.string(), ip: z.string() }),
      user: z.object({ id: z.string(), name: z.string(), email: z.string(), createdAt: z.date() }),
      firstApprover: z.string().nullable(),
      decidedBy: z.string().nullable(),
      decidedAt: z.date().nullable(),
      decisionNote: z.string().nullable(),
      linkSentTo: z.enum(["address-on-file", "reply-address"]).nullable(),
      endedAt: z.date().nullable(),
      endReason: z.string().nullable(),
      timeline: z.array(timelineStep),
      entries: z.array(
        z.object({
          id: z.string(),
          kind: z.enum(["message_from_person", "message_to_person", "note", "recommend_approve", "recommend_deny", "approval", "denial"]),
          by: z.string().nullable(),
          body: z.string(),
          createdAt: z.date(),
        }),
      ),
      can: z.object({ review: z.boolean(), message: z.boolean(), approve: z.boolean(), deny: z.boolean() }),
      approveBlockedBecause: z.string().nullable(),
    }),
  )
  .query(({ ctx, input }) => getSupportTicket({ db: ctx.db, staff: ctx.staff, ticketId: input.ticketId, context: ctx.request }));
