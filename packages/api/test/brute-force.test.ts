import { describe, expect, it } from "vitest";
import { createTestTenant, createTestUser, expectSignedIn } from "@rekey/core/testing";
import { callerFor, errorCodeOf } from "./support";

// S6: failures are counted per account across IPs and per IP across accounts; past the limit
// even the correct password is refused until the back-off ends.
describe("password guessing", () => {
  it("admits at most the limit from a burst of 4x the limit at once, then refuses the correct password", async () => {
    const tenant = await createTestTenant({ signIn: { maxFailuresPerAccount: 10, maxFailuresPerIp: 1000 } });
    const user = await createTestUser(tenant.id);
    const attempts = await Promise.all(
      Array.from({ length: 40 }, async (_, index) =>
        errorCodeOf((await callerFor(tenant, { ip: `192.0.2.${index + 1}` })).auth.signIn({ email: user.email, password: `wrong guess ${index}` })),
      ),
    );
    expect(attempts.filter((code) => code === "INVALID_CREDENTIALS")).toHaveLength(10);
    expect(attempts.filter((code) => code === "RATE_LIMITED")).toHaveLength(30);

    const correct = await (await callerFor(tenant, { ip: "192.0.2.200" })).auth.signIn({ email: user.email, password: user.password }).catch((error: unknown) => error);
    expect((correct as { cause?: { code?: string; retryAfterSeconds?: number } }).cause).toMatchObject({ code: "RATE_LIMITED" });
    expect((correct as { cause?: { retryAfterSeconds?: number } }).cause?.retryAfterSeconds).toBeGreaterThan(0);
  });

  it("counts failures per IP across many accounts", async () => {
    const tenant = await createTestTenant({ signIn: { maxFailuresPerAccount: 50, maxFailuresPerIp: 10 } });
    const user = await createTestUser(tenant.id);
    const ip = "198.51.100.99";
    for (let index = 0; index < 10; index += 1) {
      expect(await errorCodeOf((await callerFor(tenant, { ip })).auth.signIn({ email: `victim${index}@example.test`, password: "guess guess guess" }))).toBe(
        "INVALID_CREDENTIALS",
      );
    }
    expect(await errorCodeOf((await callerFor(tenant, { ip })).auth.signIn({ email: user.email, password: user.password }))).toBe("RATE_LIMITED");
    // Another address is not affected.
    await expect((await callerFor(tenant, { ip: "198.51.100.100" })).auth.signIn({ email: user.email, password: user.password })).resolves.toMatchObject({
      userId: user.id,
    });
  });

  it("does not let a signed-in attacker guess the password through change-password faster", async () => {
    const tenant = await createTestTenant({ signIn: { maxFailuresPerAccount: 5, maxFailuresPerIp: 1000 } });
    const user = await createTestUser(tenant.id);
    const { sessionToken } = expectSignedIn(await (await callerFor(tenant)).auth.signIn({ email: user.email, password: user.password }));
    const caller = await callerFor(tenant, { sessionToken });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) => errorCodeOf(caller.password.change({ currentPassword: `guess ${index}`, newPassword: "a brand new passphrase 99" }))),
    );
    expect(results.filter((code) => code === "INVALID_CREDENTIALS")).toHaveLength(5);
    expect(results.filter((code) => code === "RATE_LIMITED")).toHaveLength(15);
  });
});
