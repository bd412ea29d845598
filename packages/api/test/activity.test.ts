import { describe, expect, it } from "vitest";
import { newId } from "@rekey/core";
import { getDb } from "@rekey/core/db";
import { createTestTenant, createTestUser } from "@rekey/core/testing";
import { signedInCaller } from "./support";

describe("security activity", () => {
  it("pages through every event exactly once, even when many share a timestamp", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const { caller } = await signedInCaller(tenant, user);
    const sameInstant = new Date(Date.now() - 60_000);
    await getDb().auditEvent.createMany({
      data: Array.from({ length: 60 }, () => ({
        id: newId("auditEvent"),
        tenantId: tenant.id,
        userId: user.id,
        actorType: "user",
        actorId: user.id,
        type: "session.revoked",
        createdAt: sameInstant,
      })),
    });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await caller.activity.list(cursor ? { cursor } : undefined);
      seen.push(...page.events.map((event) => event.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    // 60 inserted + signed_up + signed_in.
    expect(seen).toHaveLength(62);
    expect(new Set(seen).size).toBe(62);
  });

  it("shows a user only their own events", async () => {
    const tenant = await createTestTenant();
    const alice = await createTestUser(tenant.id);
    const bob = await createTestUser(tenant.id);
    await signedInCaller(tenant, bob);
    const { caller } = await signedInCaller(tenant, alice);
    const { events } = await caller.activity.list();
    const aliceEventIds = new Set((await getDb().auditEvent.findMany({ where: { userId: alice.id }, select: { id: true } })).map((event) => event.id));
    expect(events.every((event) => aliceEventIds.has(event.id))).toBe(true);
    expect(events.map((event) => event.description)).toContain("Signed in");
  });
});
