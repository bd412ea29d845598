// Creates what the webhook fan-out bench (packages/devtools/src/bench/webhook-fanout-bench.ts)
// delivers: a tenant with one endpoint per receiver URL (REKEY_BENCH_RECEIVERS, comma-separated;
// every event type) and REKEY_BENCH_EVENTS security events written as the app writes them
// (recordAuditEvent). Prints one JSON line: the endpoints' secrets and the events' ids.
// Usage: DATABASE_URL=... REKEY_WEBHOOK_ALLOW_LOCAL=1 tsx scripts/bench-webhook-fixture.ts
import { randomBytes } from "node:crypto";
import { recordAuditEvent } from "../src/audit/record-audit-event";
import { systemRequestContext } from "../src/audit/request-context";
import { closeDb, getDb } from "../src/db";
import { createTenant } from "../src/tenants/create-tenant";
import { createWebhookEndpoint } from "../src/webhooks/create-webhook-endpoint";

async function main() {
  const receivers = (process.env.REKEY_BENCH_RECEIVERS ?? "").split(",").filter(Boolean);
  const count = Number(process.env.REKEY_BENCH_EVENTS ?? 1000);
  if (receivers.length === 0) throw new Error("REKEY_BENCH_RECEIVERS is required");
  const db = getDb();
  try {
    const tenant = await createTenant({ db, slug: `bench-hooks-${randomBytes(3).toString("hex")}`, name: "Bench webhooks" });
    const actor = { type: "staff" as const, id: "usr_bench" };
    const secrets: string[] = [];
    for (const url of receivers) {
      const { secret } = await createWebhookEndpoint({ db, tenantId: tenant.id, actor, url, eventTypes: [], context: systemRequestContext });
      secrets.push(secret);
    }
    const eventIds: string[] = [];
    for (let index = 0; index < count; index += 1) {
      const { id } = await recordAuditEvent({ db, tenantId: tenant.id, userId: null, actor, type: "account.signed_in", context: systemRequestContext, data: { bench: index } });
      eventIds.push(id);
    }
    process.stdout.write(`${JSON.stringify({ tenantId: tenant.id, secrets, eventIds })}\n`);
  } finally {
    await closeDb();
  }
}

await main();
