import { createServer, type IncomingMessage, type Server } from "node:http";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { RequestContext } from "../../src/audit/request-context";
import { getDb } from "../../src/db/client";
import { newId } from "../../src/ids";
import { createTestTenant, createTestUser, findMessagesTo } from "../../src/testing";

export const context: RequestContext = { ip: "203.0.113.9", userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0" };

/** A valid UK mobile number in libphonenumber's metadata, different for every call. */
export function ukMobile(): string {
  const digits = String(100000 + (randomBytes(3).readUIntBE(0, 3) % 900000));
  return `+447400${digits}`;
}

/** A tenant, a user and an active phone, each test its own. */
export async function userWithPhone(policy?: Parameters<typeof createTestTenant>[0]) {
  const tenant = await createTestTenant(policy);
  const user = await createTestUser(tenant.id);
  const phone = ukMobile();
  const factor = await getDb().factor.create({
    data: { id: newId("factor"), tenantId: tenant.id, userId: user.id, type: "sms", name: "Phone", phoneE164: phone, activatedAt: new Date() },
    select: { id: true },
  });
  return { tenant, user, phone, factorId: factor.id };
}

/** A sign-in challenge as the sign-in flow leaves it after a correct password. */
export async function createSignInChallenge(tenantId: string, userId: string): Promise<string> {
  const id = newId("signInChallenge");
  await getDb().signInChallenge.create({
    data: { id, tenantId, userId, tokenHash: `test-${randomBytes(16).toString("hex")}`, methods: ["password"], expiresAt: new Date(Date.now() + 10 * 60_000) },
  });
  return id;
}

/** The code in the newest text to a number, read the way the dev mail viewer reads it. */
export async function latestCodeTo(tenantId: string, phone: string): Promise<string> {
  const [latest] = await findMessagesTo(tenantId, phone);
  const match = latest ? /code is (\d{6})\./.exec(latest.text) : null;
  if (!match?.[1]) throw new Error(`No code texted to ${phone}`);
  return match[1];
}

/** Time passes: the resend cooldown of a phone ends. */
export async function endCooldown(factorId: string) {
  await getDb().$executeRaw`UPDATE one_time_code SET "createdAt" = "createdAt" - interval '31 seconds' WHERE "factorId" = ${factorId}`;
}

export type ReceivedRequest = { method: string; path: string; authorization: string | undefined; contentType: string | undefined; form: Record<string, string> };
export type FakeReply = { status: number; body: unknown };

/**
 * A local server speaking the Messages API of Twilio: it records each request and answers with
 * `reply`, by default a 201 and a queued message resource like Twilio's.
 */
export async function startFakeMessagesApi(reply?: (request: ReceivedRequest) => FakeReply) {
  const received: ReceivedRequest[] = [];
  const server: Server = createServer((request, response) => {
    void readBody(request).then((raw) => {
      const recorded: ReceivedRequest = {
        method: request.method ?? "",
        path: request.url ?? "",
        authorization: request.headers.authorization,
        contentType: request.headers["content-type"],
        form: Object.fromEntries(new URLSearchParams(raw)),
      };
      received.push(recorded);
      const answer = reply?.(recorded) ?? { status: 201, body: messageResource(recorded) };
      response.writeHead(answer.status, { "content-type": "application/json" });
      response.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function messageResource(request: ReceivedRequest) {
  const accountSid = /\/Accounts\/([^/]+)\//.exec(request.path)?.[1] ?? "";
  return {
    sid: `SM${randomBytes(16).toString("hex")}`,
    account_sid: accountSid,
    to: request.form.To,
    from: request.form.From ?? null,
    messaging_service_sid: request.form.MessagingServiceSid ?? null,
    body: request.form.Body,
    status: "queued",
    num_segments: "1",
    direction: "outbound-api",
    api_version: "2010-04-01",
    price: null,
    error_code: null,
    error_message: null,
    uri: `/2010-04-01/Accounts/${accountSid}/Messages/SM0.json`,
  };
}

/** Twilio's error resource. */
export function twilioError(status: number, code: number, message: string): FakeReply {
  return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}

export { expectAppError, tallyCodes } from "../app-error-assertions";
