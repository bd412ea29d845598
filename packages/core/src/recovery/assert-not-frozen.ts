import type { DbOrTx } from "../db/client";
import { systemClock, type Clock } from "../clock";
import { AppError } from "../errors/app-error";

export type FrozenChange = "remove-contact" | "change-email" | "turn-off-two-step";

const what: Record<FrozenChange, string> = {
  "remove-contact": "trusted contacts can’t be removed",
  "change-email": "the email address can’t be changed",
  "turn-off-two-step": "two-step verification can’t be turned off",
};

/**
 * After a recovery beyond recovery codes, the changes that would lock the real owner out for good
 * wait a few days (tenant policy `recovery.freezeDays`), while every old channel has been told.
 */
export async function assertNotFrozen(options: { db: DbOrTx; tenantId: string; userId: string; change: FrozenChange; clock?: Clock }) {
  const { db, tenantId, userId, change, clock = systemClock } = options;
  const user = await db.user.findFirst({ where: { id: userId, tenantId }, select: { recoveryFreezeUntil: true } });
  const until = user?.recoveryFreezeUntil;
  if (until && until > clock.now()) {
    throw new AppError("CONFLICT", `Your account was recovered recently, so for your safety ${what[change]} until ${until.toUTCString()}.`, {
      details: [until.toISOString()],
    });
  }
}
