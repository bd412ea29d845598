import { z } from "zod";
import { approveSupportTicket } from "@rekey/core";
import { staffStepUpProcedure } from "../../trpc";
import { reasonInput, ticketIdInput } from "./desk-schemas";

/**
 * A lead approves: after the waiting period only (core enforces it), a second lead where the
 * ticket needs one, and a recent "confirm it's you" (S12).
 */
export const approve = staffStepUpProcedure
  .input(z.object({ ticketId: ticketIdInput, reason: reasonInput, sendTo: z.enum(["address-on-file", "reply-address"]).default("address-on-file") }))
  .output(z.object({ state: z.enum(["approved", "awaiting-second-approval"]) }))
  .mutation(({ ctx, input }) => approveSupportTicket({ db: ctx.db, staff: ctx.staff, ...input, context: ctx.request }));
