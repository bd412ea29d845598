import { systemClock, type Clock } from "../clock";
import { hashToken, newSecretToken } from "../crypto/tokens";
import type { DbOrTx } from "../db/client";
import { AppError } from "../errors/app-error";
import { newId } from "../ids";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { allowedReturnUrl } from "../tenants/return-origins";
import { parseTenantPolicy } from "../tenants/tenant-policy";
import { sessionRestriction } from "./session-restriction";
import type { VerifiedSession } from "./verify-session";

/** A handoff code works once, within this long: the redirect and the app's exchange are one hop. */
export const sessionHandoffSeconds = 60;

/** The query parameter the code travels in, appended to the tenant app's `return_to`. */
export const sessionHandoffParameter = "rekey_code";

export type CreateSessionHandoffOptions = {
  db: DbOrTx;
  tenant: Tenant;
  /** The hosted session, already verified for this tenant. */
  session: VerifiedSession;
  /** The tenant app's URL, as the sign-in link gave it. */
  returnTo: string;
  clock?: Clock;
};

/**
 * The hosted sign-in hands a signed-in person back to one of the tenant's apps: a one-time code
 * (256 bits, SHA-256 at rest, one minute, single use) appended to `returnTo`, which the app's
 * server exchanges for a session of its own (exchange-session-handoff.ts). The session token
 * itself never leaves Rekey's cookie, and the code is worth nothing without the tenant's API key.
 * A `returnTo` off the tenant's return origins is refused (no open redirect); so is a session
 * that still owes a setup step.
 */
export async function createSessionHandoff(options: CreateSessionHandoffOptions): Promise<{ redirectTo: string }> {
  const { db, tenant, session, returnTo, clock = systemClock } = options;
  if (session.tenantId !== tenant.id) throw new AppError("UNAUTHENTICATED", "Please sign in.");
  // Read now, not from the tenant cache: an origin an admin removed through another replica must
  // stop receiving codes at once, not up to the cache's 10 s later.
  const target = allowedReturnUrl(returnTo, await currentReturnOrigins(db, tenant.id));
  if (!target) throw new AppError("BAD_REQUEST", `That address is not one of ${tenant.name}'s apps.`);
  const restriction = sessionRestriction(session, tenant.policy);
  if (restriction) throw new AppError("SETUP_REQUIRED", "Finish setting up your account before you continue to the app.", { details: [restriction] });
  const code = newSecretToken();
  const now = clock.now();
  await db.sessionHandoff.create({
    data: {
      id: newId("sessionHandoff"),
      tenantId: tenant.id,
      sessionId: session.sessionId,
      codeHash: hashToken(code),
      returnOrigin: target.origin,
      createdAt: now,
      expiresAt: new Date(now.getTime() + sessionHandoffSeconds * 1000),
    },
    select: { id: true },
  });
  // set, not append: a rekey_code already in return_to (an attacker's own) must not ride along.
  target.searchParams.set(sessionHandoffParameter, code);
  return { redirectTo: target.href };
}

async function currentReturnOrigins(db: DbOrTx, tenantId: string): Promise<string[]> {
  const row = await db.tenant.findUnique({ where: { id: tenantId }, select: { policy: true } });
  return row ? parseTenantPolicy(row.policy).api.returnOrigins : [];
}
