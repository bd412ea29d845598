import { describe, expect, it } from "vitest";
import { getDb } from "@rekey/core/db";
import { createTestTenant, createTestUser, findMessagesTo, tokenFromMessage } from "@rekey/core/testing";
import { callerFor, errorCodeOf, signedInCaller } from "./support";

const newPassword = "lighthouse keeper sandwich 7";

describe("forgot password", () => {
  it("resets with the emailed link once, signs out every session, and the old password stops working", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const existing = await signedInCaller(tenant, user);
    const anonymous = await callerFor(tenant);

    await anonymous.password.requestReset({ email: user.email });
    const [mail] = await findMessagesTo(tenant.id, user.email);
    expect(mail?.subject).toMatch(/Reset your/);
    const token = tokenFromMessage(mail!);

    await expect(anonymous.password.reset({ token, newPassword })).resolves.toEqual({ email: user.email });
    expect(await existing.caller.auth.session()).toBeNull();
    expect(await errorCodeOf(anonymous.password.reset({ token, newPassword: "yet another passphrase 12" }))).toBe("TOKEN_INVALID");
    expect(await errorCodeOf(anonymous.auth.signIn({ email: user.email, password: user.password }))).toBe("INVALID_CREDENTIALS");
    await expect(anonymous.auth.signIn({ email: user.email, password: newPassword })).resolves.toMatchObject({ userId: user.id });

    const messages = await findMessagesTo(tenant.id, user.email);
    expect(messages.some((message) => /password was reset/.test(message.subject))).toBe(true);
  });

  it("keeps the link usable when the new password is refused as weak", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const anonymous = await callerFor(tenant);
    await anonymous.password.requestReset({ email: user.email });
    const token = tokenFromMessage((await findMessagesTo(tenant.id, user.email))[0]!);
    expect(await errorCodeOf(anonymous.password.reset({ token, newPassword: "12345678" }))).toBe("WEAK_PASSWORD");
    await expect(anonymous.password.reset({ token, newPassword })).resolves.toEqual({ email: user.email });
  });

  it("accepts a reset link only once when it is submitted 20 times at once", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const anonymous = await callerFor(tenant);
    await anonymous.password.requestReset({ email: user.email });
    const token = tokenFromMessage((await findMessagesTo(tenant.id, user.email))[0]!);
    const results = await Promise.all(Array.from({ length: 20 }, () => errorCodeOf(anonymous.password.reset({ token, newPassword }))));
    expect(results.filter((code) => code === "no error")).toHaveLength(1);
    expect(results.filter((code) => code === "TOKEN_INVALID")).toHaveLength(19);
  });

  it("refuses a reset link from another tenant and an expired one", async () => {
    const tenantA = await createTestTenant();
    const tenantB = await createTestTenant();
    const user = await createTestUser(tenantA.id);
    await (await callerFor(tenantA)).password.requestReset({ email: user.email });
    const token = tokenFromMessage((await findMessagesTo(tenantA.id, user.email))[0]!);
    expect(await errorCodeOf((await callerFor(tenantB)).password.reset({ token, newPassword }))).toBe("TOKEN_INVALID");
    await getDb().emailToken.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await errorCodeOf((await callerFor(tenantA)).password.reset({ token, newPassword }))).toBe("TOKEN_INVALID");
  });
});

describe("change password", () => {
  it("needs the current password, signs out other devices, keeps this one", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const here = await signedInCaller(tenant, user);
    const elsewhere = await signedInCaller(tenant, user);
    expect(await errorCodeOf(here.caller.password.change({ currentPassword: "wrong one entirely", newPassword }))).toBe("INVALID_CREDENTIALS");
    await expect(here.caller.password.change({ currentPassword: user.password, newPassword })).resolves.toEqual({ signedOutOtherSessions: 1 });
    expect(await here.caller.auth.session()).not.toBeNull();
    expect(await elsewhere.caller.auth.session()).toBeNull();
    const [notice] = await findMessagesTo(tenant.id, user.email);
    expect(notice?.subject).toMatch(/password was changed/);
  });

  it("tells the owner with a \"this wasn't me\" link that signs out the changer and asks for a new password (S27)", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    // Whoever knows the password changes it from their own browser.
    const intruder = await signedInCaller(tenant, user);
    await intruder.caller.password.change({ currentPassword: user.password, newPassword });
    const [notice] = await findMessagesTo(tenant.id, user.email);
    expect(notice?.subject).toMatch(/password was changed/);
    expect(notice?.text).toContain("/not-me#token=");

    await (await callerFor(tenant)).account.reportNotMe({ token: tokenFromMessage(notice!) });
    expect(await intruder.caller.auth.session()).toBeNull();
    expect(await errorCodeOf((await callerFor(tenant)).auth.signIn({ email: user.email, password: newPassword }))).toBe("INVALID_CREDENTIALS");
    const [reset] = await findMessagesTo(tenant.id, user.email);
    expect(reset?.subject).toMatch(/Reset your/);
  });
});

describe("change email", () => {
  it("confirms the new address by link, then tells the old address", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const { caller } = await signedInCaller(tenant, user);
    const requested = await caller.email.requestChange({ currentPassword: user.password, newEmail: "New.Address@Example.test" });
    expect(requested.newEmail).toBe("new.address@example.test");

    const [confirm] = await findMessagesTo(tenant.id, "new.address@example.test");
    const [heads_up] = await findMessagesTo(tenant.id, user.email);
    expect(confirm?.subject).toMatch(/Confirm your new email/);
    expect(heads_up?.subject).toMatch(/change of email was requested/);
    // Nothing changes until the new address confirms.
    expect((await caller.auth.session())?.user.email).toBe(user.email);

    await expect((await callerFor(tenant)).email.confirmChange({ token: tokenFromMessage(confirm!) })).resolves.toEqual({ email: "new.address@example.test" });
    expect((await caller.auth.session())?.user.email).toBe("new.address@example.test");
    const [changed] = await findMessagesTo(tenant.id, user.email);
    expect(changed?.subject).toMatch(/email address was changed/);
  });

  it("the old address's \"this wasn't me\" link stops a change that is not yet confirmed (S27)", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const intruder = await signedInCaller(tenant, user);
    await intruder.caller.email.requestChange({ currentPassword: user.password, newEmail: "intruder@example.test" });
    const [confirm] = await findMessagesTo(tenant.id, "intruder@example.test");
    const [heads_up] = await findMessagesTo(tenant.id, user.email);
    expect(heads_up?.subject).toMatch(/change of email was requested/);

    await (await callerFor(tenant)).account.reportNotMe({ token: tokenFromMessage(heads_up!) });
    expect(await errorCodeOf((await callerFor(tenant)).email.confirmChange({ token: tokenFromMessage(confirm!) }))).toBe("TOKEN_INVALID");
    expect(await intruder.caller.auth.session()).toBeNull();
    const owner = await getDb().user.findUniqueOrThrow({ where: { id: user.id }, select: { email: true } });
    expect(owner.email).toBe(user.email);
  });

  it("does not reveal whether the new address has an account", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const other = await createTestUser(tenant.id);
    const { caller } = await signedInCaller(tenant, user);
    const taken = await caller.email.requestChange({ currentPassword: user.password, newEmail: other.email });
    const free = await caller.email.requestChange({ currentPassword: user.password, newEmail: "free@example.test" });
    // The same answer either way; it only names back the address the caller typed.
    expect(taken).toEqual({ status: "check-your-email", newEmail: other.email });
    expect(free).toEqual({ status: "check-your-email", newEmail: "free@example.test" });
    expect((await findMessagesTo(tenant.id, other.email))[0]?.text).not.toContain("#token=");
  });
});
