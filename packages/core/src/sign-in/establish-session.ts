import type { Tx } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { rememberDevice } from "../devices/remember-device";
import { resolveDevice } from "../devices/resolve-device";
import { queueSecurityNotice } from "../notifications/queue-security-notice";
import type { QueueEmail } from "../notifications/with-notifications";
import { createSession } from "../sessions/create-session";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { cancelOpenRecoveries } from "../recovery/cancel-contact-recovery";

export type SignInMethod = "password" | "totp" | "sms" | "webauthn" | "passkey" | "trusted_browser" | "recovery_code" | "account_recovery";

export type EstablishSessionOptions = {
  tx: Tx;
  queueEmail: QueueEmail;
  tenant: Tenant;
  user: { id: string; email: string };
  methods: SignInMethod[];
  deviceToken: string | null;
  rememberBrowser: boolean;
  /** Signed in with the last recovery code: the session must save a new set first (S23). */
  recoveryCodesDue?: boolean;
  /** Made by an account recovery that removed every factor: must enrol a new one first. */
  secondFactorDue?: boolean;
  /** False when the caller sends a notice of its own that says more (an account recovery). */
  notifyNewDevice?: boolean;
  context: RequestContext;
};

export type EstablishedSession = {
  userId: string;
  sessionId: string;
  sessionToken: string;
  expiresAt: Date;
  /** A new device cookie for the browser to keep, when this browser was not known. */
  deviceToken: string | null;
};

/**
 * The last step of every sign-in: the device, the session, the audit row and, for a browser the
 * account has not used before, a notice with a "this wasn't me" link. All in the caller's
 * transaction.
 */
export async function establishSession(options: EstablishSessionOptions): Promise<EstablishedSession> {
  const { tx, queueEmail, tenant, user, methods, deviceToken, rememberBrowser, recoveryCodesDue = false, secondFactorDue = false, notifyNewDevice = true, context } = options;
  const device = await resolveDevice({ db: tx, tenantId: tenant.id, userId: user.id, deviceToken, context });
  const session = await createSession({ db: tx, tenantId: tenant.id, userId: user.id, policy: tenant.policy, context, methods, deviceId: device.id, recoveryCodesDue, secondFactorDue });
  await recordAuditEvent({
    db: tx,
    tenantId: tenant.id,
    userId: user.id,
    actor: { type: "user", id: user.id },
    type: "account.signed_in",
    context,
    data: { sessionId: session.sessionId, methods },
  });
  // The owner got in with what they had: whatever recovery is under way is not needed (or not theirs).
  if (!methods.includes("account_recovery")) {
    await cancelOpenRecoveries({ db: tx, tenantId: tenant.id, userId: user.id, reason: "owner_signed_in", context });
  }
  if (device.isNewForKnownUser && notifyNewDevice) {
    await recordAuditEvent({ db: tx, tenantId: tenant.id, userId: user.id, actor: { type: "user", id: user.id }, type: "account.new_device_sign_in", context });
    await queueSecurityNotice({ tx, queueEmail, tenant, user, what: "new-device", context });
  }
  if (rememberBrowser && !device.isTrusted && (await rememberDevice({ db: tx, deviceId: device.id, days: tenant.policy.factors.rememberBrowserDays }))) {
    await recordAuditEvent({ db: tx, tenantId: tenant.id, userId: user.id, actor: { type: "user", id: user.id }, type: "device.remembered", context, data: { deviceId: device.id } });
  }
  return { userId: user.id, sessionId: session.sessionId, sessionToken: session.token, expiresAt: session.expiresAt, deviceToken: device.newToken };
}
