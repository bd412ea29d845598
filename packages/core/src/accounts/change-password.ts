import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { withNotifications } from "../notifications/with-notifications";
import { hashPassword } from "../passwords/hash-password";
import { assertAcceptablePassword } from "../passwords/assert-acceptable-password";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { applyNewPassword } from "./apply-new-password";
import { verifyCurrentPassword } from "./verify-current-password";

export type ChangePasswordOptions = {
  db: Db;
  tenant: Tenant;
  userId: string;
  sessionId: string;
  currentPassword: string;
  newPassword: string;
  context: RequestContext;
};

/** Changes the password and signs out every other session (S11); this one stays signed in. */
export async function changePassword(options: ChangePasswordOptions): Promise<{ signedOutOtherSessions: number }> {
  const { db, tenant, userId, sessionId, currentPassword, newPassword, context } = options;
  const user = await verifyCurrentPassword({ db, tenant, userId, password: currentPassword });
  assertAcceptablePassword({ password: newPassword, userInputs: [user.email, user.name] });
  const passwordHash = await hashPassword(newPassword);
  return withNotifications(db, async (tx, queueEmail) => {
    const applied = await applyNewPassword({ tx, queueEmail, tenant, userId: user.id, passwordHash, reason: "changed", keepSessionId: sessionId, context });
    return { signedOutOtherSessions: applied.signedOutSessions };
  });
}
