import { describe, expect, it } from "vitest";
import { createTestTenant } from "@rekey/core/testing";
import { callerFor, captureOutput, errorCodeOf } from "./support";
import { cancelTokenMailedTo, ownerWithUsableContacts, recoveryIdSeenBy, trpcFailureOf } from "./trusted-contacts-fixtures";

// S3: relay codes, recovery tokens and cancel tokens never reach logs or error messages.
describe("trusted-contacts secrets in logs and errors", () => {
  const captured = captureOutput();

  it("logs no relay code, recovery token, cancel token or session token through a whole recovery", async () => {
    const tenant = await createTestTenant();
    const { owner, contacts } = await ownerWithUsableContacts(tenant, 2);
    const secrets: string[] = [owner.user.password, owner.sessionToken];
    const errorMessages: string[] = [];

    // A first attempt, cancelled from the owner's notice.
    const cancelled = await (await callerFor(tenant)).recovery.startWithContacts({ email: owner.user.email });
    const cancelToken = await cancelTokenMailedTo(tenant.id, owner.user.email);
    secrets.push(cancelled.recoveryToken, cancelToken);
    await (await callerFor(tenant)).recovery.cancel({ token: cancelToken });
    const reusedCancel = await trpcFailureOf((await callerFor(tenant)).recovery.cancel({ token: cancelToken }));
    expect(reusedCancel?.appCode).toBe("TOKEN_INVALID");
    errorMessages.push(reusedCancel?.message ?? "");
    errorMessages.push((await trpcFailureOf((await callerFor(tenant, { recoveryToken: cancelled.recoveryToken })).recovery.submitCode({ code: "1234 5678" })))?.message ?? "");

    // The real one, with a wrong code, a used code, and the finish.
    const { recoveryToken } = await (await callerFor(tenant)).recovery.startWithContacts({ email: owner.user.email });
    secrets.push(recoveryToken, await cancelTokenMailedTo(tenant.id, owner.user.email));
    const recovering = await callerFor(tenant, { recoveryToken });
    const codes: string[] = [];
    for (const contact of contacts) {
      const { code } = await contact.caller.helping.vouch({ recoveryId: await recoveryIdSeenBy(contact.caller) });
      codes.push(code);
      secrets.push(code, code.replace(/\s/g, ""));
    }
    const wrong = await trpcFailureOf(recovering.recovery.submitCode({ code: "0000 0000" }));
    expect(wrong?.appCode).toBe("INVALID_CREDENTIALS");
    errorMessages.push(wrong?.message ?? "");
    for (const code of codes) await recovering.recovery.submitCode({ code });
    const reused = await trpcFailureOf(recovering.recovery.submitCode({ code: codes[0]! }));
    errorMessages.push(reused?.message ?? "");
    const badPassword = await trpcFailureOf(recovering.recovery.finish({ proof: { kind: "password", password: "a wrong password guess" } }));
    errorMessages.push(badPassword?.message ?? "");
    secrets.push("a wrong password guess");
    const finished = await recovering.recovery.finish({ proof: { kind: "password", password: owner.user.password } });
    secrets.push(finished.sessionToken);
    expect(await errorCodeOf(recovering.recovery.finish({ proof: { kind: "password", password: owner.user.password } }))).toBe("CONFLICT");
    // An oversized token is refused without being echoed back.
    const longToken = `${recoveryToken}${"z".repeat(300)}`;
    errorMessages.push((await trpcFailureOf((await callerFor(tenant)).recovery.cancel({ token: longToken })))?.message ?? "");

    const everything = [...captured, ...errorMessages].join("\n");
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });
});
