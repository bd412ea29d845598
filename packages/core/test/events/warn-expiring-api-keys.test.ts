import { afterAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "../../src/db/client";
import { days, hours } from "../../src/clock";
import { warnExpiringApiKeys } from "../../src/api-keys/warn-expiring-api-keys";
import { sequenceEvents } from "../../src/events/sequence-events";
import { findSecurityEvents } from "../../src/events/find-security-events";
import { newId } from "../../src/ids";
import { createTestTenant, findMessagesTo } from "../../src/testing";
import { makeAdmin, movableClock } from "../webhooks/webhook-fixtures";

const db = getDb();
afterAll(() => closeDb());

async function key(tenantId: string, createdById: string, expiresAt: Date | null, revokedAt: Date | null = null) {
  const id = newId("apiKey");
  await db.apiKey.create({
    data: { id, tenantId, name: `key ${id.slice(-4)}`, environment: "live", prefix: `rky_live_${id.slice(-5)}`, secretHash: newId("apiKey"), scopes: ["events:read"], createdById, expiresAt, revokedAt },
  });
  return id;
}

describe("API key expiry warnings", () => {
  it("warn once per key expiring within 7 days, even when two workers run at once, mail every admin, and reach the event feed", async () => {
    const clock = movableClock();
    const now = clock.now().getTime();
    const tenant = await createTestTenant();
    const [admin, other] = [await makeAdmin(tenant.id), await makeAdmin(tenant.id)];
    const soon = await key(tenant.id, admin.userId, new Date(now + days(3)));
    const later = await key(tenant.id, admin.userId, new Date(now + days(8)));
    await key(tenant.id, admin.userId, new Date(now + days(2)), new Date(now));
    await key(tenant.id, admin.userId, new Date(now - hours(1)));
    await key(tenant.id, admin.userId, null);

    const runs = await Promise.all([0, 1, 2].map(() => warnExpiringApiKeys({ db, clock, dispatch: false })));
    const warnedHere = runs.flatMap((run) => run.warned).filter((id) => id === soon || id === later);
    expect(warnedHere).toEqual([soon]);
    expect(await warnExpiringApiKeys({ db, clock, dispatch: false }).then((run) => run.warned.includes(soon))).toBe(false);

    const audit = await db.auditEvent.findMany({ where: { tenantId: tenant.id, type: "api_key.expiring" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: "system", data: { apiKeyId: soon, expiresAt: new Date(now + days(3)).toISOString() } });
    for (const person of [admin, other]) {
      expect((await findMessagesTo(tenant.id, person.email)).filter((mail) => mail.subject.includes("expires soon"))).toHaveLength(1);
    }

    // A day later the second key enters the window and is warned about in its turn.
    clock.advance(days(1) + hours(1));
    expect((await warnExpiringApiKeys({ db, clock, dispatch: false })).warned).toContain(later);

    await sequenceEvents({ db, tenantIds: [tenant.id], dispatch: false });
    const feed = await findSecurityEvents({ db, tenantId: tenant.id, types: ["api_key.expiring"] });
    expect(feed.events.map((event) => event.data.apiKeyId)).toEqual([soon, later]);
  });
});
