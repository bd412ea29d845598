import { describe, expect, it } from "vitest";
import { createTestTenant, createTestUser, findMessagesTo, strongPassword } from "@rekey/core/testing";
import { callerFor } from "./support";

// S5: sign-in, sign-up and forgot-password answer the same whether or not the account exists.
describe("account enumeration", () => {
  async function failureOf(call: Promise<unknown>) {
    const error = (await call.catch((caught: unknown) => caught)) as { code?: string; message?: string; cause?: { code?: string } };
    return { trpcCode: error.code, appCode: error.cause?.code, message: error.message };
  }

  it("gives the same sign-in failure for a wrong password and for an unknown email", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const anonymous = await callerFor(tenant);
    const wrongPassword = await failureOf(anonymous.auth.signIn({ email: user.email, password: "not the password at all" }));
    const unknownEmail = await failureOf(anonymous.auth.signIn({ email: "nobody@example.test", password: "not the password at all" }));
    expect(wrongPassword).toEqual(unknownEmail);
    expect(wrongPassword.appCode).toBe("INVALID_CREDENTIALS");
  });

  it("gives the same sign-up answer for a taken email, and tells the owner instead", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const anonymous = await callerFor(tenant);
    const taken = await anonymous.account.signUp({ name: "Mallory", email: user.email, password: strongPassword });
    const fresh = await anonymous.account.signUp({ name: "Newcomer", email: "new@example.test", password: strongPassword });
    expect(taken).toEqual(fresh);
    const [note] = await findMessagesTo(tenant.id, user.email);
    expect(note?.subject).toMatch(/tried to create/);
    expect(note?.text).not.toContain("#token=");
  });

  it("gives the same forgot-password answer for known and unknown emails", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const anonymous = await callerFor(tenant);
    const known = await anonymous.password.requestReset({ email: user.email });
    const unknown = await anonymous.password.requestReset({ email: "ghost@example.test" });
    expect(known).toEqual(unknown);
    expect(await findMessagesTo(tenant.id, user.email)).toHaveLength(1);
    expect(await findMessagesTo(tenant.id, "ghost@example.test")).toHaveLength(0);
  });

  it("gives the same resend-verification answer for any address", async () => {
    const tenant = await createTestTenant();
    const verified = await createTestUser(tenant.id);
    const anonymous = await callerFor(tenant);
    const a = await anonymous.account.resendVerification({ email: verified.email });
    const b = await anonymous.account.resendVerification({ email: "ghost@example.test" });
    expect(a).toEqual(b);
  });
});
