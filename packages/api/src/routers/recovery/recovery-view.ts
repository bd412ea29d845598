import { z } from "zod";
import { AppError } from "@rekey/core";

export const recoveryViewOutput = z.object({
  status: z.enum(["open", "completed", "cancelled", "refused", "expired"]),
  threshold: z.number().int(),
  codesAccepted: z.number().int(),
  startedAt: z.date(),
  waitingUntil: z.date(),
  expiresAt: z.date(),
  canFinishWithoutPassword: z.boolean(),
});

/** The recovery this browser started: its token travels in an HttpOnly cookie, never in input. */
export function requireRecoveryToken(token: string | null): string {
  if (!token) throw new AppError("TOKEN_INVALID", "This browser has no recovery in progress. Start again from the sign-in page.");
  return token;
}
