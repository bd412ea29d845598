// What an operator relies on (docs/production.md): health endpoints a load balancer can probe,
// a request id on every log line, metrics on an internal port only, and a SIGTERM that finishes
// what it accepted before it stops.
import http from "node:http";
import { readFileSync } from "node:fs";
import pg from "pg";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import "./support/context";
import { findFreePort } from "@rekey/devtools/database";
import { startWebServer, waitUntilListening, type StartedWebServer } from "./support/web-server";

async function sql(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject("e2e").databaseUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

describe("health endpoints", () => {
  it("says the process is alive and ready (database, migrations, a worker beating), never cached", async () => {
    const { baseUrl } = inject("e2e");
    const live = await fetch(`${baseUrl}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: "up" });
    const ready = await fetch(`${baseUrl}/health/ready`);
    expect(ready.headers.get("cache-control")).toBe("no-store");
    expect(await ready.json()).toEqual({ status: "up", checks: { database: { status: "up" }, migrations: { status: "up" }, worker: { status: "up" } } });
    expect(ready.status).toBe(200);
  });

  it("is not ready when no worker has beaten for half a minute: without one, no owner hears of a recovery", async () => {
    const { baseUrl } = inject("e2e");
    // The suite's worker beats every 5 s; a beat landing between the two statements is retried.
    let answer: { status: number; body: { status: string; checks: { worker: { status: string; detail?: string } } } } | undefined;
    for (let attempt = 0; attempt < 3 && answer?.status !== 503; attempt++) {
      await sql(`UPDATE worker_heartbeat SET "beatAt" = now() - interval '10 minutes'`);
      const response = await fetch(`${baseUrl}/health/ready`);
      answer = { status: response.status, body: await response.json() };
    }
    expect(answer?.status).toBe(503);
    expect(answer?.body.status).toBe("down");
    expect(answer?.body.checks.worker).toEqual({ status: "down", detail: expect.stringMatching(/^last beat \d+ s ago$/) });
  });

  it("is not ready while the database is unreachable, and says nothing of where it is", async () => {
    const port = await findFreePort();
    const server = await startWebServer({ DATABASE_URL: `postgres://rekey:hunter2@127.0.0.1:${port}/rekey` });
    try {
      await waitUntilListening(server);
      const ready = await fetch(`${server.baseUrl}/health/ready`);
      expect(ready.status).toBe(503);
      const text = await ready.text();
      expect(JSON.parse(text).checks.database).toEqual({ status: "down", detail: "unreachable" });
      expect(text).not.toContain("hunter2");
      expect(text).not.toContain(String(port));
      expect((await fetch(`${server.baseUrl}/health/live`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});

describe("logs", () => {
  it("writes JSON lines; a request's access line carries the request id it answered with, its status and duration, and no query", async () => {
    const { baseUrl, webLogFile } = inject("e2e");
    const input = encodeURIComponent(JSON.stringify(superjson.serialize({ probe: "kept-out-of-logs" })));
    const response = await fetch(`${baseUrl}/api/trpc/auth.session?input=${input}`);
    const requestId = response.headers.get("x-request-id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    let line: Record<string, unknown> | undefined;
    for (let waited = 0; !line && waited < 5_000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      line = jsonLines(readFileSync(webLogFile, "utf8")).find((entry) => entry.requestId === requestId && entry.msg === "request");
    }
    expect(line).toMatchObject({ service: "web", level: "info", method: "GET", path: "/api/trpc/auth.session", status: response.status, route: "api auth.session" });
    expect(line?.durationMs).toEqual(expect.any(Number));
    expect(JSON.stringify(line)).not.toContain("kept-out-of-logs");
  });
});

describe("metrics", () => {
  let server: StartedWebServer;
  let metricsPort: number;

  beforeAll(async () => {
    metricsPort = await findFreePort();
    server = await startWebServer({ DATABASE_URL: inject("e2e").databaseUrl, METRICS_PORT: String(metricsPort) });
    await waitUntilListening(server);
  });
  afterAll(() => server.stop());

  it("counts requests by procedure and outcome on the internal port, with the queues' depth, and never on the public one", async () => {
    const wrong = await fetch(`${server.baseUrl}/api/trpc/auth.signIn`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(superjson.serialize({ email: "nobody@example.com", password: "not the password" })),
    });
    expect(wrong.status).toBe(401);
    const made = await fetch(`${server.baseUrl}/api/trpc/made.up.procedure${"x".repeat(40)}`, { method: "POST" });
    expect(made.status).toBeGreaterThanOrEqual(400);

    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toContain('rekey_trpc_calls_total{api="hosted",procedure="auth.signIn",outcome="UNAUTHORIZED"} 1');
    expect(metrics).toMatch(/rekey_http_requests_total\{route="api auth\.signIn",status="4xx"\} 1/);
    // A made-up procedure is "unknown": no caller can add label values.
    expect(metrics).toContain('route="api unknown"');
    expect(metrics).not.toContain("made.up.procedure");
    expect(metrics).toMatch(/rekey_queue_oldest_pending_age_seconds\{queue="outbox"\} [\d.]+/);
    expect(metrics).toMatch(/rekey_worker_last_beat_age_seconds [\d.]+/);
    expect(metrics).toMatch(/rekey_db_pool_waiting_clients \d+/);
    expect(metrics).toContain("rekey_process_resident_memory_bytes");
    // No person in a label: not the address tried above.
    expect(metrics).not.toContain("nobody@example.com");

    const publicPort = await fetch(`${server.baseUrl}/metrics`);
    expect(publicPort.status).toBe(404);
    expect(await publicPort.text()).not.toContain("rekey_http_requests_total");
  });
});

describe("security headers", () => {
  it("sends HSTS on every answer when the public origin is https, and never over a plain-http origin", async () => {
    const plain = await fetch(`${inject("e2e").baseUrl}/health/live`);
    expect(plain.headers.get("strict-transport-security")).toBeNull();
    // TLS ends at the proxy in front; the server itself speaks http to it.
    const server = await startWebServer({ APP_ORIGIN: "https://localhost" });
    try {
      await waitUntilListening(server);
      for (const path of ["/health/live", "/api/trpc/auth.session", "/sign-in"]) {
        const response = await fetch(`${server.baseUrl}${path}`);
        expect(response.headers.get("strict-transport-security"), path).toBe("max-age=63072000; includeSubDomains");
        expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
      }
    } finally {
      await server.stop();
    }
  });
});

describe("a graceful stop", () => {
  it("answers a request that is in flight when SIGTERM comes, refuses new connections, and exits 0", async () => {
    const server = await startWebServer({ DATABASE_URL: inject("e2e").databaseUrl });
    try {
      await waitUntilListening(server);
      const { port } = new URL(server.baseUrl);
      // A sign-in whose body is still arriving when the signal comes: the server has it in hand.
      const body = JSON.stringify(superjson.serialize({ email: "nobody@example.com", password: "not the password" }));
      const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
        const request = http.request({ host: "127.0.0.1", port, method: "POST", path: "/api/trpc/auth.signIn", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (response) => {
          let text = "";
          response.on("data", (chunk: Buffer) => (text += chunk.toString()));
          response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
        });
        request.on("error", reject);
        request.write(body.slice(0, 10));
        setTimeout(() => {
          server.signal("SIGTERM");
          setTimeout(() => request.end(body.slice(10)), 1_000);
        }, 500);
      });
      const { status, text } = await answer;
      expect(status).toBe(401);
      expect(JSON.parse(text)).toHaveProperty("error");
      expect(await server.exited).toEqual({ code: 0 });
      await expect(fetch(`${server.baseUrl}/health/live`)).rejects.toThrow();
      const lines = jsonLines(server.output());
      expect(lines.some((entry) => entry.msg === "stopping: finishing requests in flight" && entry.signal === "SIGTERM")).toBe(true);
      expect(lines.at(-1)?.msg).toBe("stopped");
    } finally {
      await server.stop();
    }
  });
});

function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
