import { describe, expect, it } from "vitest";
import { getDb } from "@rekey/core/db";
import { newId } from "@rekey/core";
import { createTestTenant } from "@rekey/core/testing";
import { open } from "../../core/src/crypto/secret-box";
import { makeStaff, staffAuditRows } from "./staff-fixtures";
import { ownerWithTotp } from "./trusted-contacts-fixtures";

const fullPhone = "+447400123456";

/** An account with a password, sessions, an authenticator app, recovery codes, a phone and a security key. */
async function accountWithEverySecret() {
  const tenant = await createTestTenant();
  const owner = await ownerWithTotp(tenant, "Sam Secret");
  const db = getDb();
  await db.factor.create({ data: { id: newId("factor"), tenantId: tenant.id, userId: owner.user.id, type: "sms", name: "Phone ending 3456", phoneE164: fullPhone, activatedAt: new Date() } });
  await db.factor.create({
    data: {
      id: newId("factor"),
      tenantId: tenant.id,
      userId: owner.user.id,
      type: "webauthn",
      name: "Blue key",
      credentialId: `cred-${tenant.slug}-Zm9vYmFy`,
      credentialPublicKey: Buffer.from("public-key-bytes-of-the-security-key"),
      signCount: 0n,
      activatedAt: new Date(),
    },
  });
  const agent = await makeStaff({ tenantId: tenant.id, role: "agent" });
  return { tenant, owner, agent };
}

async function secretsOf(userId: string): Promise<string[]> {
  const db = getDb();
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, omit: { passwordHash: false }, select: undefined });
  const sessions = await db.session.findMany({ where: { userId }, omit: { tokenHash: false } });
  const factors = await db.factor.findMany({ where: { userId }, omit: { totpSealedSecret: false } });
  const codeSets = await db.recoveryCodeSet.findMany({ where: { userId }, omit: { salt: false }, include: { codes: { omit: { codeHash: false } } } });
  const emailTokens = await db.emailToken.findMany({ where: { userId }, omit: { tokenHash: false } });
  const secrets = [user.passwordHash, ...sessions.map((s) => s.tokenHash), ...emailTokens.map((t) => t.tokenHash)];
  for (const factor of factors) {
    if (factor.totpSealedSecret) secrets.push(factor.totpSealedSecret, open(factor.totpSealedSecret));
    if (factor.credentialId) secrets.push(factor.credentialId);
    if (factor.credentialPublicKey) secrets.push(Buffer.from(factor.credentialPublicKey).toString("base64"), Buffer.from(factor.credentialPublicKey).toString("base64url"));
    if (factor.phoneE164) secrets.push(factor.phoneE164, factor.phoneE164.slice(1), factor.phoneE164.slice(3));
  }
  for (const set of codeSets) secrets.push(set.salt, ...set.codes.map((code) => code.codeHash));
  return secrets.filter((secret) => secret.length >= 8);
}

// S26: staff cannot see secrets. A staff member (or whoever holds their session) learns nothing
// from the user view that could sign in as the person or reach them another way.
describe("the staff user view as a way to steal an account's secrets", () => {
  it("holds no password hash, token hash, TOTP seed, public key, credential id, code hash or full phone number", async () => {
    const { owner, agent } = await accountWithEverySecret();
    const view = await agent.caller.staff.user({ userId: owner.user.id, reason: "Recovery request RK-1234" });
    const json = JSON.stringify(view);
    const secrets = await secretsOf(owner.user.id);
    expect(secrets.length).toBeGreaterThan(8);
    for (const secret of secrets) expect(json).not.toContain(secret);
    expect(json).not.toContain("7400123456");

    // What it does show.
    expect(view).toMatchObject({ id: owner.user.id, name: "Sam Secret", emailVerified: true, highValue: false });
    expect(view.factors.map((factor) => [factor.type, factor.maskedPhone])).toEqual([
      ["totp", null],
      ["sms", "+44...3456"],
      ["webauthn", null],
    ]);
    expect(view.readiness).toEqual({ recoveryCodesLeft: 10, usableTrustedContacts: 0, openRecoveries: 0 });
    expect(view.recentSignIns).toHaveLength(2);
    expect(view.recentSignIns[0]).toMatchObject({ ended: false, device: expect.stringContaining("Chrome") });
    expect(view.activity[0]).toMatchObject({ type: "staff.user_viewed", description: "Support staff viewed your account", byStaff: true });
    expect(view.activity.some((event) => event.type === "account.two_factor_enabled")).toBe(true);
  });

  it("records every look with the reason, in the account's tenant", async () => {
    const { tenant, owner, agent } = await accountWithEverySecret();
    await agent.caller.staff.user({ userId: owner.user.id, reason: "Ticket RK-7Q4M-2XPD evidence check" });
    expect(await staffAuditRows(tenant.id)).toEqual([
      { id: expect.any(String), type: "staff.user_viewed", userId: owner.user.id, actorId: agent.userId, data: { reason: "Ticket RK-7Q4M-2XPD evidence check" } },
    ]);
  });
});
