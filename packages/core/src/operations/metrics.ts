import { createServer, type Server } from "node:http";
import type pg from "pg";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { securityEventCounts } from "./count-security-event";

// Prometheus metrics (prom-client), served on an internal port of their own (METRICS_PORT), never
// on the public one, as Keycloak's management port does. Labels are few and bounded: a procedure
// name the router knows, an outcome code, a route kind, an event type. Never a user, an address
// or a tenant-supplied string.

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: "rekey_" });

export const httpRequests = new Counter({
  name: "rekey_http_requests_total",
  help: "HTTP requests answered, by route (a tRPC procedure, or the kind of page) and status class.",
  labelNames: ["route", "status"] as const,
  registers: [registry],
});

export const httpDuration = new Histogram({
  name: "rekey_http_request_duration_seconds",
  help: "Time from a request's arrival to the end of its answer, by route.",
  labelNames: ["route"] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

export const procedureOutcomes = new Counter({
  name: "rekey_trpc_calls_total",
  help: "tRPC calls by procedure and outcome: ok, or the error's code (TOO_MANY_REQUESTS is a throttle refusal).",
  labelNames: ["api", "procedure", "outcome"] as const,
  registers: [registry],
});

export const throttleRefusals = new Counter({
  name: "rekey_throttle_refusals_total",
  help: "Calls refused by a rate limit or the sign-in back-off, by procedure.",
  labelNames: ["api", "procedure"] as const,
  registers: [registry],
});

new Counter({
  name: "rekey_security_events_total",
  help: "Security events written to the audit trail by this process, by type (sign-in outcomes among them). A write whose transaction rolls back later still counts.",
  labelNames: ["type"] as const,
  registers: [registry],
  collect() {
    this.reset();
    for (const [type, count] of securityEventCounts()) this.inc({ type }, count);
  },
});

/**
 * Gauges read from the database at scrape time (the same on every replica: they describe the
 * shared queue, not a process), and the connection pool's own counts (this process's).
 */
export function registerDatabaseGauges(pool: pg.Pool): void {
  registry.removeSingleMetric("rekey_db_pool_waiting_clients");
  new Gauge({
    name: "rekey_db_pool_waiting_clients",
    help: "Queries waiting for a connection from this process's pool.",
    registers: [registry],
    collect() {
      this.set(pool.waitingCount);
    },
  });
  registry.removeSingleMetric("rekey_db_pool_connections");
  new Gauge({
    name: "rekey_db_pool_connections",
    help: "Connections in this process's pool, by state.",
    labelNames: ["state"] as const,
    registers: [registry],
    collect() {
      this.set({ state: "total" }, pool.totalCount);
      this.set({ state: "idle" }, pool.idleCount);
    },
  });
  registry.removeSingleMetric("rekey_queue_messages");
  new Gauge({
    name: "rekey_queue_messages",
    help: "Outgoing mail and texts (outbox) and webhook deliveries, by queue and state; failed ones gave up after every retry.",
    labelNames: ["queue", "state"] as const,
    registers: [registry],
    async collect() {
      const { rows } = await pool.query<{ queue: string; state: string; count: number }>(queueCountsQuery);
      this.reset();
      for (const row of rows) this.set({ queue: row.queue, state: row.state }, row.count);
    },
  });
  registry.removeSingleMetric("rekey_queue_oldest_pending_age_seconds");
  new Gauge({
    name: "rekey_queue_oldest_pending_age_seconds",
    help: "Age of the oldest message still waiting in each queue (0 when none waits).",
    labelNames: ["queue"] as const,
    registers: [registry],
    async collect() {
      const { rows } = await pool.query<{ queue: string; age: number | null }>(oldestPendingQuery);
      for (const row of rows) this.set({ queue: row.queue }, row.age ?? 0);
    },
  });
  registry.removeSingleMetric("rekey_worker_last_beat_age_seconds");
  new Gauge({
    name: "rekey_worker_last_beat_age_seconds",
    help: "Seconds since any worker last beat (-1 when none ever has).",
    registers: [registry],
    async collect() {
      const { rows } = await pool.query<{ age: number | null }>(`SELECT extract(epoch FROM now() - max("beatAt"))::float8 AS age FROM worker_heartbeat`);
      this.set(rows[0]?.age ?? -1);
    },
  });
}

const queueCountsQuery = `
  SELECT 'outbox' AS queue, status::text AS state, count(*)::int AS count FROM outbox_message WHERE status <> 'sent' GROUP BY status
  UNION ALL
  SELECT 'webhooks', status::text, count(*)::int FROM webhook_delivery WHERE status <> 'delivered' GROUP BY status`;

const oldestPendingQuery = `
  SELECT 'outbox' AS queue, extract(epoch FROM now() - min("createdAt"))::float8 AS age FROM outbox_message WHERE status = 'pending'
  UNION ALL
  SELECT 'webhooks', extract(epoch FROM now() - min("createdAt"))::float8 FROM webhook_delivery WHERE status = 'pending'`;

/** Serves GET /metrics on `port` (and nothing else); resolves once it listens. */
export async function serveMetrics(options: { port: number; host: string }): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("Not found\n");
      return;
    }
    registry
      .metrics()
      .then((text) => res.writeHead(200, { "content-type": registry.contentType }).end(text))
      .catch(() => res.writeHead(503, { "content-type": "text/plain" }).end("Metrics are unavailable: the database did not answer.\n"));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return server;
}
