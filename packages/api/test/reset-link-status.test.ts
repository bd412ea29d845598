import { describe, expect, it } from "vitest";
import { getDb } from "@rekey/core/db";
import { createTestTenant, createTestUser, findMessagesTo, tokenFromMessage } from "@rekey/core/testing";
import { callerFor, errorCodeOf } from "./support";

const newPassword = "lighthouse keeper sandwich 7";

async function resetLinkFor(tenant: { id: string; slug: string }, email: string): Promise<string> {
  await (await callerFor(tenant)).password.requestReset({ email });
  const [mail] = await findMessagesTo(tenant.id, email);
  return tokenFromMessage(mail!);
}

describe("the reset page's check of its link", () => {
  it("tells a usable link from a used, a replaced, an expired and a foreign one", async () => {
    const tenant = await createTestTenant();
    const other = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const anonymous = await callerFor(tenant);

    const replaced = await resetLinkFor(tenant, user.email);
    const token = await resetLinkFor(tenant, user.email);
    expect(await anonymous.password.resetLinkStatus({ token })).toEqual({ status: "usable" });
    expect(await anonymous.password.resetLinkStatus({ token: replaced })).toEqual({ status: "used" });
    expect(await (await callerFor(other)).password.resetLinkStatus({ token })).toEqual({ status: "unknown" });
    expect(await anonymous.password.resetLinkStatus({ token: "x".repeat(43) })).toEqual({ status: "unknown" });

    await getDb().emailToken.updateMany({ where: { userId: user.id, usedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await anonymous.password.resetLinkStatus({ token })).toEqual({ status: "expired" });
  });

  it("uses nothing up, even asked 20 times at once: the link then sets the password once", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const anonymous = await callerFor(tenant);
    const token = await resetLinkFor(tenant, user.email);

    const answers = await Promise.all(Array.from({ length: 20 }, () => anonymous.password.resetLinkStatus({ token })));
    expect(answers.every((answer) => answer.status === "usable")).toBe(true);
    await expect(anonymous.password.reset({ token, newPassword })).resolves.toEqual({ email: user.email });
    expect(await anonymous.password.resetLinkStatus({ token })).toEqual({ status: "used" });
    expect(await errorCodeOf(anonymous.password.reset({ token, newPassword }))).toBe("TOKEN_INVALID");
  });
});
