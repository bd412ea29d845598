import { describe, expect, it } from "vitest";
import { getDb } from "@rekey/core/db";
import { createTestTenant } from "@rekey/core/testing";
import { callerFor } from "./support";

// S30: malformed input gets a 4xx with a clear message and changes nothing.
describe("malformed input", () => {
  it.each([
    ["an invalid email", { name: "A", email: "not-an-email", password: "correct horse battery staple 42" }],
    ["a missing name", { name: "", email: "a@example.test", password: "correct horse battery staple 42" }],
    ["an oversized password", { name: "A", email: "a@example.test", password: "x".repeat(10_000) }],
    ["a wrong type", { name: 42, email: "a@example.test", password: "correct horse battery staple 42" }],
  ])("refuses sign-up with %s as BAD_REQUEST and creates nothing", async (_, input) => {
    const tenant = await createTestTenant();
    const anonymous = await callerFor(tenant);
    // @ts-expect-error: deliberately malformed input
    const error = (await anonymous.account.signUp(input).catch((caught: unknown) => caught)) as { code?: string; message?: string };
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message?.length).toBeGreaterThan(0);
    expect(await getDb().user.count({ where: { tenantId: tenant.id } })).toBe(0);
  });

  it("answers NOT_FOUND for an unknown tenant", async () => {
    const error = (await (await callerFor({ slug: "no-such-tenant" })).tenant.get().catch((caught: unknown) => caught)) as { code?: string };
    expect(error.code).toBe("NOT_FOUND");
  });
});
