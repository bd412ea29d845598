import { describe, expect, it } from "vitest";
import { createTestTenant, createTestUser, findMessagesTo, strongPassword, tokenFromMessage } from "@rekey/core/testing";
import { callerFor, signedInCaller } from "./support";

/** The code and details a call failed with. */
async function refusalOf(call: Promise<unknown>) {
  try {
    await call;
    return "no error";
  } catch (error) {
    const cause = (error as { cause?: { code?: string; details?: string[] } }).cause;
    return { code: cause?.code, details: cause?.details };
  }
}

const anotherAccount = { code: "CONFLICT", details: ["another-account"] };

describe("an emailed confirmation link sent by a browser signed in to another account", () => {
  it("a sign-up's link is refused without being used up, and works signed out", async () => {
    const tenant = await createTestTenant();
    const signedIn = await createTestUser(tenant.id);
    const { caller } = await signedInCaller(tenant, signedIn);
    await (await callerFor(tenant)).account.signUp({ name: "Grace Hopper", email: "grace@example.test", password: strongPassword });
    const token = tokenFromMessage((await findMessagesTo(tenant.id, "grace@example.test"))[0]!);

    const refused = await refusalOf(caller.account.verifyEmail({ token }));
    expect(refused).toEqual(anotherAccount);
    expect(JSON.stringify(refused)).not.toContain("grace");
    await expect((await callerFor(tenant)).account.verifyEmail({ token })).resolves.toEqual({ email: "grace@example.test" });
  });

  it("a new address's link is refused without being used up or changing anything, and works signed out", async () => {
    const tenant = await createTestTenant();
    const signedIn = await createTestUser(tenant.id);
    const mover = await createTestUser(tenant.id);
    const { caller } = await signedInCaller(tenant, signedIn);
    const { caller: moverCaller } = await signedInCaller(tenant, mover);
    await moverCaller.email.requestChange({ currentPassword: mover.password, newEmail: "moved@example.test" });
    const token = tokenFromMessage((await findMessagesTo(tenant.id, "moved@example.test"))[0]!);

    expect(await refusalOf(caller.email.confirmChange({ token }))).toEqual(anotherAccount);
    expect((await moverCaller.auth.session())?.user.email).toBe(mover.email);
    await expect((await callerFor(tenant)).email.confirmChange({ token })).resolves.toEqual({ email: "moved@example.test" });
  });

  it("the account's own link works signed in to it", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const { caller } = await signedInCaller(tenant, user);
    await caller.email.requestChange({ currentPassword: user.password, newEmail: "own@example.test" });
    const token = tokenFromMessage((await findMessagesTo(tenant.id, "own@example.test"))[0]!);
    await expect(caller.email.confirmChange({ token })).resolves.toEqual({ email: "own@example.test" });
  });
});
