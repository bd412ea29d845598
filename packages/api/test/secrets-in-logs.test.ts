import { describe, expect, it } from "vitest";
import { createTestTenant, expectSignedIn, findMessagesTo, strongPassword, tokenFromMessage } from "@rekey/core/testing";
import { callerFor, captureOutput, errorCodeOf } from "./support";

// S3: secrets never reach logs or error messages.
describe("secrets in logs and errors", () => {
  const captured = captureOutput();

  it("logs no password, session token or emailed token through a whole account life", async () => {
    const tenant = await createTestTenant();
    const anonymous = await callerFor(tenant);
    const email = "logs@example.test";
    await anonymous.account.signUp({ name: "Log Reader", email, password: strongPassword });
    const verifyToken = tokenFromMessage((await findMessagesTo(tenant.id, email))[0]!);
    await anonymous.account.verifyEmail({ token: verifyToken });
    const wrong = "a wrong password guess";
    const failure = (await anonymous.auth.signIn({ email, password: wrong }).catch((error: unknown) => error)) as Error;
    expect(failure.message).not.toContain(wrong);
    const { sessionToken } = expectSignedIn(await anonymous.auth.signIn({ email, password: strongPassword }));
    await anonymous.password.requestReset({ email });
    const resetToken = tokenFromMessage((await findMessagesTo(tenant.id, email))[0]!);
    expect(await errorCodeOf(anonymous.password.reset({ token: resetToken, newPassword: "short" }))).toBe("WEAK_PASSWORD");

    const everything = captured.join("\n");
    for (const secret of [strongPassword, wrong, sessionToken, verifyToken, resetToken]) expect(everything).not.toContain(secret);
  });
});
