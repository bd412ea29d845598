import type { Connection } from "../db/connection";
import { runPrepared, type PreparedStatement } from "../db/prepared-statement";
import { hashToken, newSecretToken } from "../crypto/tokens";
import type { RequestContext } from "../audit/request-context";
import { newId } from "../ids";
import type { TenantPolicy } from "../tenants/tenant-policy";

export type CreateSessionOptions = Connection & {
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
};

// The pg path (sign-in hot path); the other columns take their defaults, as with Prisma.
const insertStatement: PreparedStatement = {
  name: "rekey_session_insert",
  text: `INSERT INTO "session" (id, "tenantId", "userId", "tokenHash", ip, "userAgent", "expiresAt", methods, "deviceId", "recoveryCodesDue")
    VALUES ($1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::timestamptz, $8::text[], $9::text, $10::boolean)
    RETURNING "expiresAt"`,
};

/** A new server-side session; the returned token goes into the cookie and is never stored. */
export async function createSession(options: CreateSessionOptions) {
  const { tenantId, userId, policy, context, methods, deviceId = null, recoveryCodesDue = false } = options;
  const token = newSecretToken();
  const expiresAt = options.expiresAt ?? new Date(Date.now() + policy.sessions.absoluteMinutes * 60_000);
  if (options.sql) {
    const id = newId("session");
    const [row] = await runPrepared<{ expiresAt: Date }>(options.sql, insertStatement, [
      id,
      tenantId,
      userId,
      hashToken(token),
      context.ip,
      context.userAgent.slice(0, 512),
      expiresAt,
      methods,
      deviceId,
      recoveryCodesDue,
    ]);
    return { sessionId: id, token, expiresAt: row!.expiresAt };
  }
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
    },
    select: { id: true, expiresAt: true },
  });
  return { sessionId: session.id, token, expiresAt: session.expiresAt };
}
