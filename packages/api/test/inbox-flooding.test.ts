import { describe, expect, it } from "vitest";
import { createTestTenant, createTestUser, findMessagesTo, strongPassword } from "@rekey/core/testing";
import { callerFor } from "./support";

// Anyone may ask Rekey to mail an address it knows; nobody may use that to flood the inbox.
// Each address gets at most five such mails an hour, however the requests are spaced.
describe("flooding an inbox through Rekey", () => {
  it("sends an unconfirmed address at most five verification links an hour, even when 20 resends come at once", async () => {
    const tenant = await createTestTenant();
    const anonymous = await callerFor(tenant);
    await anonymous.account.signUp({ name: "Newcomer", email: "newcomer@example.test", password: strongPassword });

    const answers = await Promise.all(Array.from({ length: 20 }, () => anonymous.account.resendVerification({ email: "newcomer@example.test" })));

    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set(["check-your-email"]));
    expect(await findMessagesTo(tenant.id, "newcomer@example.test")).toHaveLength(5);
  });

  it("sends the owner of a taken address at most five 'someone tried to create an account' notes an hour", async () => {
    const tenant = await createTestTenant();
    const owner = await createTestUser(tenant.id);
    const anonymous = await callerFor(tenant);

    for (let attempt = 0; attempt < 8; attempt += 1) {
      await expect(anonymous.account.signUp({ name: "Mallory", email: owner.email, password: strongPassword })).resolves.toEqual({
        status: "check-your-email",
      });
    }

    expect(await findMessagesTo(tenant.id, owner.email)).toHaveLength(5);
  });

  it("still sends the first link to a new account whose address was flooded with resends before it existed", async () => {
    const tenant = await createTestTenant();
    const anonymous = await callerFor(tenant);
    for (let attempt = 0; attempt < 6; attempt += 1) {
      await anonymous.account.resendVerification({ email: "late@example.test" });
    }

    await anonymous.account.signUp({ name: "Late", email: "late@example.test", password: strongPassword });
    const [link] = await findMessagesTo(tenant.id, "late@example.test");
    expect(link?.subject).toMatch(/^Confirm your email/);
  });

  it("counts the addresses of different tenants apart", async () => {
    const tenantA = await createTestTenant();
    const tenantB = await createTestTenant();
    for (const tenant of [tenantA, tenantB]) {
      await (await callerFor(tenant)).account.signUp({ name: "Twin", email: "twin@example.test", password: strongPassword });
    }
    for (let attempt = 0; attempt < 6; attempt += 1) {
      await (await callerFor(tenantA)).account.resendVerification({ email: "twin@example.test" });
    }

    await (await callerFor(tenantB)).account.resendVerification({ email: "twin@example.test" });
    expect(await findMessagesTo(tenantB.id, "twin@example.test")).toHaveLength(2);
  });
});
