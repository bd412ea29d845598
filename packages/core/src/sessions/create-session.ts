import { assertAccountEnabled } from "../accounts/assert-account-enabled";
import { staffIdleMinutes } from "../staff/staff-access";
import type { DbOrTx } from "../db/client";
import { hashToken, newSecretToken } from "../crypto/tokens";
import type { RequestContext } from "../audit/request-context";
import { newId } from "../ids";
import type { TenantPolicy } from "../tenants/tenant-policy";

export type CreateSessionOptions = {
  db: DbOrTx;
  tenantId: string;
  userId: string;
  policy: TenantPolicy;
  context: RequestContext;
  /** How the user proved who they are ("password", "totp", "passkey", ...). */
  methods: string[];
  deviceId?: string | null;
  /** A rotated session keeps the absolute end of the one it replaces. */
  expiresAt?: Date;
  /** Signed in with the last recovery code: owes a new set (and keeps owing it when rotated). */
  recoveryCodesDue?: boolean;
  /** Made by an account recovery that removed every factor: owes a new one (kept when rotated). */
  secondFactorDue?: boolean;
};

/** A new server-side session; the returned token goes into the cookie and is never stored. */
export async function createSession(options: CreateSessionOptions) {
  const { tenantId, userId, policy, context, methods, deviceId = null, recoveryCodesDue = false, secondFactorDue = false } = options;
  // Every sign-in path ends here: an account its tenant disabled gets no session.
  await assertAccountEnabled(options.db, tenantId, userId);
  const token = newSecretToken();
  // Staff sessions get the dashboard's short idle limit (staff-access.ts), set here so a session
  // made before a staff role was granted never reaches the dashboard.
  const isStaff = (await options.db.staffMember.count({ where: { userId } })) > 0;
  const expiresAt = options.expiresAt ?? new Date(Date.now() + policy.sessions.absoluteMinutes * 60_000);
  const session = await options.db.session.create({
    data: {
      id: newId("session"),
      tenantId,
      userId,
      tokenHash: hashToken(token),
      ip: context.ip,
      userAgent: context.userAgent.slice(0, 512),
      expiresAt,
      methods,
      deviceId,
      recoveryCodesDue,
      secondFactorDue,
      idleMinutes: isStaff ? staffIdleMinutes : null,
    },
    select: { id: true, expiresAt: true },
  });
  return { sessionId: session.id, token, expiresAt: session.expiresAt };
}
