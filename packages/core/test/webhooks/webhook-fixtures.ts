import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { getDb } from "../../src/db/client";
import { recordAuditEvent } from "../../src/audit/record-audit-event";
import type { AuditEventType } from "../../src/audit/audit-event-types";
import type { Clock } from "../../src/clock";
import { createAccount } from "../../src/accounts/create-account";
import { createStaffMember } from "../../src/staff/create-staff-member";
import type { WebhookUrlPolicy } from "../../src/webhooks/check-webhook-url";

export const context = { ip: "198.51.100.20", userAgent: "vitest" };
export const staffActor = (id: string) => ({ type: "staff" as const, id });

/** A clock the test moves by hand: retries and rotations are tested without sleeping. */
export function movableClock(start = new Date()): Clock & { advance(ms: number): void; set(at: Date): void } {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
    set(at: Date) {
      now = at.getTime();
    },
  };
}

/** Dev/test policy: http://127.0.0.1 receivers allowed. */
export const localPolicy: WebhookUrlPolicy = { allowLocal: true, resolve: async () => [{ address: "127.0.0.1", family: 4 }] };

/** Production-like policy with a fixed DNS: names in `answers` resolve as given, others fail. */
export function productionPolicy(answers: Record<string, string[]> = {}): WebhookUrlPolicy {
  return {
    allowLocal: false,
    resolve: async (hostname) => {
      const addresses = answers[hostname];
      if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
      return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
    },
  };
}

export type ReceivedWebhook = { path: string; headers: http.IncomingHttpHeaders; body: string; at: number };

export type Receiver = {
  url: string;
  received: ReceivedWebhook[];
  /** What the receiver answers from now on. */
  answer(status: number, body?: string): void;
  /** Stop answering at all (the request hangs until the sender gives up). */
  hang(): void;
  close(): Promise<void>;
};

/** A real HTTP receiver on 127.0.0.1 (never a mock of fetch). */
export async function startReceiver(): Promise<Receiver> {
  const received: ReceivedWebhook[] = [];
  let status = 204;
  let answerBody = "";
  let hanging = false;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ path: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() });
      if (hanging) return;
      response.writeHead(status, { "content-type": "text/plain" });
      response.end(answerBody);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/rekey`,
    received,
    answer(nextStatus, nextBody = "") {
      status = nextStatus;
      answerBody = nextBody;
      hanging = false;
    },
    hang() {
      hanging = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The signatures in a received webhook, checked with the reference library (`standardwebhooks`),
 * not with our own code: returns which of `secrets` signed it.
 */
export function signersOf(webhook: ReceivedWebhook, secrets: string[]): string[] {
  const header = String(webhook.headers["webhook-signature"]);
  const id = String(webhook.headers["webhook-id"]);
  const timestamp = new Date(Number(webhook.headers["webhook-timestamp"]) * 1000);
  const sent = header.split(" ");
  return secrets.filter((secret) => sent.includes(new Webhook(secret).sign(id, timestamp, webhook.body)));
}

/** Writes `count` audit events for a tenant, each in its own transaction, as product code does. */
export async function writeEvents(tenantId: string, count: number, type: AuditEventType = "account.signed_in", userId: string | null = null) {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const { id } = await recordAuditEvent({ db: getDb(), tenantId, userId, actor: { type: "system" }, type, context, data: { index } });
    ids.push(id);
  }
  return ids;
}

/** A tenant admin (staff member with role admin), whose mail the tests read. */
export async function makeAdmin(tenantId: string) {
  const email = `admin-${Math.random().toString(36).slice(2, 10)}@example.test`;
  const user = await createAccount({ db: getDb(), tenantId, email, name: "Ada Admin", password: "correct horse battery staple 42", emailVerified: true, context });
  await createStaffMember({ db: getDb(), tenantId, userId: user.id, role: "admin" });
  return { userId: user.id, email };
}

export async function waitFor<T>(check: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("Timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
