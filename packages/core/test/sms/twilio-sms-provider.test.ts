import { findFreePort } from "@rekey/devtools/database";
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "../../src/db/client";
import { sendSmsCode } from "../../src/factors/sms/send-sms-code";
import { verifySmsCode } from "../../src/factors/sms/verify-sms-code";
import type { MailTransport } from "../../src/mail/mail-transport";
import { deliverOutboxMessage } from "../../src/outbox/deliver-outbox-message";
import { closeJobQueue } from "../../src/outbox/job-queue";
import { createConsoleSmsProvider } from "../../src/sms/console-sms-provider";
import { createSmsProvider } from "../../src/sms/create-sms-provider";
import { createTwilioSmsProvider } from "../../src/sms/twilio-sms-provider";
import { context, createSignInChallenge, expectAppError, startFakeMessagesApi, twilioError, userWithPhone } from "./fixtures";

const db = getDb();
const accountSid = "AC0123456789abcdef0123456789abcdef";
const authToken = "test-auth-token-5f2b";
const from = "+15005550006";

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

/** Mail must not be touched when the outbox delivers a text. */
const noMail: MailTransport = {
  async send() {
    throw new Error("the mail transport was used for a text message");
  },
};

async function thrown(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe("the Twilio Messages API adapter", () => {
  it("posts To, From and Body form-encoded to the account's Messages.json with Basic auth, and accepts a 201", async () => {
    const api = await startFakeMessagesApi();
    try {
      const provider = createTwilioSmsProvider({ accountSid, authToken, from, apiBase: `${api.url}/` });
      await provider.send({ to: "+447400123456", body: "Your Acme code is 123456. Don't share it.\n\n@localhost #123456" });
      expect(api.received).toHaveLength(1);
      const [request] = api.received;
      expect(request!.method).toBe("POST");
      expect(request!.path).toBe(`/2010-04-01/Accounts/${accountSid}/Messages.json`);
      expect(request!.authorization).toBe(`Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`);
      expect(request!.contentType).toMatch(/^application\/x-www-form-urlencoded/);
      expect(request!.form).toEqual({ To: "+447400123456", From: from, Body: "Your Acme code is 123456. Don't share it.\n\n@localhost #123456" });
    } finally {
      await api.close();
    }
  });

  it("sends a Messaging Service SID as MessagingServiceSid instead of From", async () => {
    const api = await startFakeMessagesApi();
    try {
      const provider = createTwilioSmsProvider({ accountSid, authToken, from: "MG0123456789abcdef0123456789abcdef", apiBase: api.url });
      await provider.send({ to: "+447400123456", body: "hello" });
      expect(api.received[0]!.form).toEqual({ To: "+447400123456", MessagingServiceSid: "MG0123456789abcdef0123456789abcdef", Body: "hello" });
    } finally {
      await api.close();
    }
  });

  it("fails a 400 with Twilio's error code, without the body, the code in it or the number", async () => {
    const body = "Your Acme code is 482913. Don't share it.";
    // A "compatible" provider that quotes the message back must not get the code into our errors.
    const api = await startFakeMessagesApi((request) => twilioError(400, 21211, `The 'To' number ${request.form.To} is not a valid phone number. Body was: ${request.form.Body}`));
    try {
      const provider = createTwilioSmsProvider({ accountSid, authToken, from, apiBase: api.url });
      const error = await thrown(provider.send({ to: "+447400123456", body }));
      expect(error.message).toContain("HTTP 400");
      expect(error.message).toContain("21211");
      expect(error.message).toContain("is not a valid phone number");
      expect(error.message).not.toContain("482913");
      expect(error.message).not.toContain(body);
      expect(error.message).not.toContain("7400123456");
    } finally {
      await api.close();
    }
  });

  it("fails a 401 with the provider's code and never repeats the auth token", async () => {
    const api = await startFakeMessagesApi(() => twilioError(401, 20003, "Authenticate"));
    try {
      const provider = createTwilioSmsProvider({ accountSid, authToken, from, apiBase: api.url });
      const error = await thrown(provider.send({ to: "+447400123456", body: "Your code is 111222." }));
      expect(error.message).toBe("SMS provider refused the message (HTTP 401, error 20003): Authenticate");
      expect(error.message).not.toContain(authToken);
    } finally {
      await api.close();
    }
  });

  it("fails when nothing listens, naming the network error", async () => {
    const provider = createTwilioSmsProvider({ accountSid, authToken, from, apiBase: `http://127.0.0.1:${await findFreePort()}` });
    const error = await thrown(provider.send({ to: "+447400123456", body: "Your code is 111222." }));
    expect(error.message).toBe("SMS provider unreachable: ECONNREFUSED");
  });
});

describe("the development console provider", () => {
  it("logs the masked number only, never the body", async () => {
    const lines: string[] = [];
    const provider = createConsoleSmsProvider({ log: (line) => lines.push(line) });
    await provider.send({ to: "+447400121234", body: "Your code is 654321." });
    expect(lines).toEqual(["sms to +44...1234 queued (see /dev/mail)"]);
  });

  it("is what createSmsProvider picks by default, and is refused for real delivery in production", async () => {
    const lines: string[] = [];
    const config = { SMS_PROVIDER: "console", TWILIO_API_BASE: "https://api.twilio.com", NODE_ENV: "development" } as const;
    await createSmsProvider({ config, log: (line) => lines.push(line) }).send({ to: "+447400121234", body: "x" });
    expect(lines).toHaveLength(1);
    const production = createSmsProvider({ config: { ...config, NODE_ENV: "production" } });
    const error = await thrown(production.send({ to: "+447400121234", body: "x" }));
    expect(error.message).toMatch(/No SMS provider configured/);
  });

  it("createSmsProvider builds the Twilio adapter from its settings", async () => {
    const api = await startFakeMessagesApi();
    try {
      const provider = createSmsProvider({
        config: { SMS_PROVIDER: "twilio", TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, TWILIO_FROM: from, TWILIO_API_BASE: api.url, NODE_ENV: "production" },
      });
      await provider.send({ to: "+447400123456", body: "hello" });
      expect(api.received[0]!.path).toBe(`/2010-04-01/Accounts/${accountSid}/Messages.json`);
    } finally {
      await api.close();
    }
  });
});

describe("delivering a queued text through the outbox", () => {
  it("sends a sign-in code through the Messages API once, and the received code signs in", async () => {
    const { tenant, user, phone, factorId } = await userWithPhone();
    const challengeId = await createSignInChallenge(tenant.id, user.id);
    await sendSmsCode({ db, tenant, userId: user.id, factorId, purpose: "sign_in", challengeId, context });
    const message = await db.outboxMessage.findFirstOrThrow({ where: { tenantId: tenant.id, channel: "sms" }, select: { id: true, recipient: true, subject: true } });
    expect(message).toMatchObject({ recipient: phone, subject: "Text message" });

    const api = await startFakeMessagesApi();
    try {
      const smsProvider = createTwilioSmsProvider({ accountSid, authToken, from, apiBase: api.url });
      await expect(deliverOutboxMessage({ db, messageId: message.id, transport: noMail, smsProvider })).resolves.toEqual({ outcome: "sent" });
      await expect(deliverOutboxMessage({ db, messageId: message.id, transport: noMail, smsProvider })).resolves.toEqual({ outcome: "skipped", reason: "already-sent" });
      expect(api.received).toHaveLength(1);
      const { To, Body } = api.received[0]!.form;
      expect(To).toBe(phone);
      const code = /code is (\d{6})\./.exec(Body ?? "")?.[1];
      expect(Body).toBe(`Your ${tenant.name} code is ${code}. Don't share it. It expires in 10 minutes.\n\n@localhost #${code}`);
      await expect(verifySmsCode({ db, tenant, userId: user.id, code: code ?? "", purpose: "sign_in", challengeId, context })).resolves.toEqual({ factorId });
    } finally {
      await api.close();
    }
    const row = await db.outboxMessage.findUniqueOrThrow({ where: { id: message.id }, select: { status: true, attempts: true } });
    expect(row).toEqual({ status: "sent", attempts: 1 });
  });

  it("keeps the text pending on a provider error, recording the provider's code but not the SMS code", async () => {
    const { tenant, user, factorId } = await userWithPhone();
    const challengeId = await createSignInChallenge(tenant.id, user.id);
    await sendSmsCode({ db, tenant, userId: user.id, factorId, purpose: "sign_in", challengeId, context });
    const message = await db.outboxMessage.findFirstOrThrow({ where: { tenantId: tenant.id, channel: "sms" }, select: { id: true } });
    const api = await startFakeMessagesApi((request) => twilioError(400, 21610, `Attempt to send to unsubscribed recipient; message was ${request.form.Body}`));
    try {
      const smsProvider = createTwilioSmsProvider({ accountSid, authToken, from, apiBase: api.url });
      const error = await expectAppError(deliverOutboxMessage({ db, messageId: message.id, transport: noMail, smsProvider }), "UNAVAILABLE");
      const code = /code is (\d{6})\./.exec(api.received[0]!.form.Body ?? "")?.[1] ?? "";
      expect(code).toMatch(/^\d{6}$/);
      expect(error.message).toContain("21610");
      expect(error.message).not.toContain(code);
      const row = await db.outboxMessage.findUniqueOrThrow({ where: { id: message.id }, select: { status: true, attempts: true, lastError: true } });
      expect(row.status).toBe("pending");
      expect(row.attempts).toBe(1);
      expect(row.lastError).toContain("21610");
      expect(row.lastError).not.toContain(code);
    } finally {
      await api.close();
    }
  });

  it("fails a text for which the worker has no SMS provider, and never mails it", async () => {
    const { tenant, user, factorId } = await userWithPhone();
    const challengeId = await createSignInChallenge(tenant.id, user.id);
    await sendSmsCode({ db, tenant, userId: user.id, factorId, purpose: "sign_in", challengeId, context });
    const message = await db.outboxMessage.findFirstOrThrow({ where: { tenantId: tenant.id, channel: "sms" }, select: { id: true } });
    const error = await expectAppError(deliverOutboxMessage({ db, messageId: message.id, transport: noMail }), "UNAVAILABLE");
    expect(error.message).toContain("No SMS provider configured");
  });
});
