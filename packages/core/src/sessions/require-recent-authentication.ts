import { AppError } from "../errors/app-error";
import type { TenantPolicy } from "../tenants/tenant-policy";

export type RequireRecentAuthenticationOptions = { session: { authenticatedAt: Date }; policy: TenantPolicy; now?: Date };

/** S12: a live session is not enough for a sensitive change; the proof must be recent. */
export function requireRecentAuthentication(options: RequireRecentAuthenticationOptions) {
  const { session, policy, now = new Date() } = options;
  const ageMs = now.getTime() - session.authenticatedAt.getTime();
  if (ageMs > policy.factors.stepUpMinutes * 60_000) {
    throw new AppError("STEP_UP_REQUIRED", "Please confirm it's you to continue.");
  }
}
