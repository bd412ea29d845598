import { z } from "zod";
import { checkPasswordStrength } from "@rekey/core";
import { newPasswordInput } from "../../schemas";
import { publicProcedure } from "../../trpc";

export const checkPassword = publicProcedure
  .input(z.object({ password: newPasswordInput, email: z.string().max(254).optional(), name: z.string().max(100).optional() }))
  .output(
    z.object({
      acceptable: z.boolean(),
      score: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
      warning: z.string().nullable(),
      suggestions: z.array(z.string()),
    }),
  )
  .query(({ input }) =>
    checkPasswordStrength({ password: input.password, userInputs: [input.email, input.name].filter((value): value is string => Boolean(value)) }),
  );
