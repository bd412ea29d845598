import { describe, expect, it } from "vitest";
import { getDb } from "../../src/db/client";
import { deleteExpiredWebAuthnChallenges, issueWebAuthnChallenge } from "../../src/factors/webauthn/webauthn-challenges";
import { createTestTenant } from "../../src/testing";

describe("expired WebAuthn challenges", () => {
  it("are deleted once their ceremony is long over, and live ones stay", async () => {
    const db = getDb();
    const tenant = await createTestTenant();
    const stale = await issueWebAuthnChallenge({ db, tenantId: tenant.id, userId: null, ceremony: "authenticate" });
    const recent = await issueWebAuthnChallenge({ db, tenantId: tenant.id, userId: null, ceremony: "authenticate" });
    const live = await issueWebAuthnChallenge({ db, tenantId: tenant.id, userId: null, ceremony: "authenticate" });
    await db.webAuthnChallenge.update({ where: { challenge: stale }, data: { expiresAt: new Date(Date.now() - 11 * 60_000) } });
    await db.webAuthnChallenge.update({ where: { challenge: recent }, data: { expiresAt: new Date(Date.now() - 60_000) } });

    expect(await deleteExpiredWebAuthnChallenges({ db })).toBeGreaterThanOrEqual(1);
    const left = await db.webAuthnChallenge.findMany({ where: { tenantId: tenant.id }, select: { challenge: true } });
    expect(left.map((row) => row.challenge).sort()).toEqual([recent, live].sort());
  });
});
