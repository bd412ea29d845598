import { describe, expect, it } from "vitest";
import { getDb } from "@rekey/core/db";
import { createTestTenant, findMessagesTo, strongPassword, tokenFromMessage } from "@rekey/core/testing";
import { callerFor, errorCodeOf, signedInCaller } from "./support";

describe("an account from sign-up to sign-out", () => {
  it("signs up, verifies the email from the link, signs in, sees its session, signs out", async () => {
    const tenant = await createTestTenant();
    const anonymous = await callerFor(tenant);
    const email = "Grace.Hopper@Example.test";

    await expect(anonymous.account.signUp({ name: "Grace Hopper", email, password: strongPassword })).resolves.toEqual({ status: "check-your-email" });

    // Unverified: the right password is not enough yet, and a fresh link is sent.
    expect(await errorCodeOf(anonymous.auth.signIn({ email, password: strongPassword }))).toBe("EMAIL_NOT_VERIFIED");
    const [verification] = await findMessagesTo(tenant.id, "grace.hopper@example.test");
    expect(verification?.subject).toMatch(/Confirm your email/);
    expect(verification?.text).toContain(`/t/${tenant.slug}/verify-email#token=`);

    await expect(anonymous.account.verifyEmail({ token: tokenFromMessage(verification!) })).resolves.toEqual({ email: "grace.hopper@example.test" });
    // The link works once.
    expect(await errorCodeOf(anonymous.account.verifyEmail({ token: tokenFromMessage(verification!) }))).toBe("TOKEN_INVALID");

    const { caller, sessionToken } = await signedInCaller(tenant, { email, password: strongPassword });
    const session = await caller.auth.session();
    expect(session?.user).toMatchObject({ email: "grace.hopper@example.test", name: "Grace Hopper" });

    const devices = await caller.devices.list();
    expect(devices).toHaveLength(1);
    expect(devices[0]).toMatchObject({ isCurrent: true, browser: expect.stringContaining("Chrome"), os: expect.stringContaining("macOS") });

    await caller.auth.signOut();
    const afterSignOut = await callerFor(tenant, { sessionToken });
    expect(await afterSignOut.auth.session()).toBeNull();
    expect(await errorCodeOf(afterSignOut.devices.list())).toBe("UNAUTHENTICATED");

    const activity = await (await signedInCaller(tenant, { email, password: strongPassword })).caller.activity.list();
    expect(activity.events.map((event) => event.type)).toEqual(
      expect.arrayContaining(["account.signed_up", "account.email_verified", "account.signed_in", "account.signed_out"]),
    );
  });

  it("refuses a weak password at sign-up with reasons, and creates nothing", async () => {
    const tenant = await createTestTenant();
    const anonymous = await callerFor(tenant);
    const email = "weak@example.test";
    const failure = await anonymous.account.signUp({ name: "Weak", email, password: "password123" }).catch((error: unknown) => error);
    expect((failure as { cause?: { code?: string; details?: string[] } }).cause).toMatchObject({ code: "WEAK_PASSWORD" });
    expect((failure as { cause?: { details?: string[] } }).cause?.details?.length).toBeGreaterThan(0);
    expect(await getDb().user.count({ where: { tenantId: tenant.id } })).toBe(0);
    expect(await findMessagesTo(tenant.id, email)).toHaveLength(0);
  });
});
