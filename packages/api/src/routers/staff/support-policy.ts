import { z } from "zod";
import { getSupportPolicy, updateSupportPolicy } from "@rekey/core";
import { staffProcedure, staffStepUpProcedure } from "../../trpc";
import { reasonInput, tenantIdInput } from "./staff-schemas";

const supportPolicyOutput = z.object({
  enabled: z.boolean(),
  waitingHours: z.number().int(),
  secondApprover: z.enum(["always", "risky"]),
  questions: z.array(z.string()),
  ticketDays: z.number().int(),
});

/** The tenant's support policy; admins of the tenant only. */
export const policy = staffProcedure
  .input(z.object({ tenantId: tenantIdInput }))
  .output(supportPolicyOutput)
  .query(({ ctx, input }) => getSupportPolicy({ db: ctx.db, staff: ctx.staff, tenantId: input.tenantId }));

// The same bounds as core's policy schema, said in words; core checks the merged policy again.
const questionInput = z
  .string({ error: "Each question must be text." })
  .trim()
  .min(3, "Each question needs at least 3 characters.")
  .max(200, "Keep each question to 200 characters.");

/** Changes the waiting period, when a second approver is needed, and the tenant's own questions. */
export const updatePolicy = staffStepUpProcedure
  .input(
    z.object({
      tenantId: tenantIdInput,
      waitingHours: z
        .number({ error: "Enter the waiting period in hours." })
        .int("Enter a whole number of hours.")
        .min(24, "The waiting period must be at least 24 hours.")
        .max(720, "The waiting period can be at most 720 hours (30 days)."),
      secondApprover: z.enum(["always", "risky"], { error: "Choose when a second approver is needed: always, or on risky requests." }),
      questions: z.array(questionInput, { error: "Give the questions as a list." }).max(5, "Ask at most 5 questions."),
      reason: reasonInput,
    }),
  )
  .output(supportPolicyOutput)
  .mutation(({ ctx, input }) =>
    updateSupportPolicy({
      db: ctx.db,
      staff: ctx.staff,
      tenantId: input.tenantId,
      changes: { waitingHours: input.waitingHours, secondApprover: input.secondApprover, questions: input.questions },
      reason: input.reason,
      context: ctx.request,
    }),
  );
