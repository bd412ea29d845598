import { AppError } from "../../errors/app-error";
import type { OneTimeCodePurpose } from "../../generated/prisma/client";

export type SmsCodeBinding = { challengeId: string | null; sessionId: string | null };

/**
 * What a code is bound to (S16: "bound to the sign-in attempt that asked for it"): a sign-in code to
 * its sign-in challenge, a step-up code to its session, an enrolment code to whichever of the two
 * the enrolment runs in (or neither, for tools). A code only counts where it was asked for.
 */
export function smsCodeBinding(purpose: OneTimeCodePurpose, challengeId: string | undefined, sessionId: string | undefined): SmsCodeBinding {
  const binding = { challengeId: challengeId ?? null, sessionId: sessionId ?? null };
  const isValid =
    purpose === "sign_in"
      ? binding.challengeId !== null && binding.sessionId === null
      : purpose === "step_up"
        ? binding.sessionId !== null && binding.challengeId === null
        : binding.challengeId === null || binding.sessionId === null;
  if (!isValid) throw new AppError("BAD_REQUEST", "This code request does not belong to a sign-in or a session. Start again.");
  return binding;
}
