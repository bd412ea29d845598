// `pnpm --filter @rekey/devtools bench:webhooks`: 1,000 security events fanned out to 3 local
// receivers by the real worker (apps/worker: the event sequencer and the webhook deliveries on
// pg-boss). Each receiver checks every request with @rekey/sdk's verifyWebhook and counts
// webhook-ids. The bench passes when every receiver got every event exactly once: 0 lost, 0
// duplicates, 0 bad signatures. It also prints how long the fan-out took.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import path from "node:path";
// A path, not the package name: see verify-bench.ts (the SDK's tests depend on devtools).
import { verifyWebhook } from "../../../sdk/src/index";
import { createDatabase, findFreePort, migrate, repoRoot, startEmbeddedPostgres } from "../database";
import { pnpmCommand, sleep, spawnPrefixed, stopGroup } from "../processes";

const eventCount = Number(process.env.REKEY_BENCH_EVENTS ?? 1000);
const receiverCount = 3;
const timeoutSeconds = Number(process.env.REKEY_BENCH_TIMEOUT_SECONDS ?? 300);
/** How long to keep listening once every event arrived, for late duplicates. */
const lingerSeconds = 10;

type Receiver = { server: Server; url: string; seen: Map<string, number>; invalid: number; secret: string | null };

async function startReceiver(): Promise<Receiver> {
  const port = await findFreePort();
  const receiver: Receiver = { server: createServer(), url: `http://127.0.0.1:${port}/hooks`, seen: new Map(), invalid: 0, secret: null };
  receiver.server.on("request", (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      try {
        if (!receiver.secret) throw new Error("no secret yet");
        verifyWebhook(Buffer.concat(chunks), req.headers, receiver.secret);
        const id = String(req.headers["webhook-id"]);
        receiver.seen.set(id, (receiver.seen.get(id) ?? 0) + 1);
        res.writeHead(204).end();
      } catch {
        receiver.invalid += 1;
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => receiver.server.listen(port, "127.0.0.1", resolve));
  return receiver;
}

async function main() {
  const dataDir = path.join(repoRoot, ".data", `bench-webhooks-postgres-${process.pid}`);
  const server = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir, port: 0, persistent: false });
  const databaseUrl = await createDatabase(process.env.DATABASE_URL ?? server!.url, `rekey_bench_webhooks_${Date.now()}`);
  migrate(databaseUrl);
  const receivers = await Promise.all(Array.from({ length: receiverCount }, startReceiver));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REKEY_ENCRYPTION_KEYS: `bench1:${randomBytes(32).toString("base64")}`,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    // Receivers on 127.0.0.1 over http: development's allowance (refused in production).
    REKEY_WEBHOOK_ALLOW_LOCAL: "1",
    NODE_ENV: "development",
  };
  let worker: Awaited<ReturnType<typeof spawnPrefixed>> | null = null;
  try {
    const fixture = JSON.parse(
      execFileSync(process.execPath, ["--import", import.meta.resolve("tsx"), "scripts/bench-webhook-fixture.ts"], {
        cwd: path.join(repoRoot, "packages/core"),
        env: { ...env, REKEY_BENCH_RECEIVERS: receivers.map((receiver) => receiver.url).join(","), REKEY_BENCH_EVENTS: String(eventCount) },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
      })
        .trim()
        .split("\n")
        .at(-1)!,
    ) as { secrets: string[]; eventIds: string[] };
    receivers.forEach((receiver, index) => (receiver.secret = fixture.secrets[index]!));
    const expected = new Set(fixture.eventIds);

    const pnpm = pnpmCommand(["--filter", "@rekey/worker", "start"]);
    const started = performance.now();
    worker = spawnPrefixed("worker", pnpm.command, pnpm.args, { env, keepLine: (line) => /error|fail/i.test(line) });
    const complete = () => receivers.every((receiver) => [...expected].every((id) => receiver.seen.has(id)));
    let doneAt: number | null = null;
    while ((performance.now() - started) / 1000 < timeoutSeconds) {
      if (complete()) {
        doneAt = performance.now();
        break;
      }
      await sleep(250);
    }
    await sleep(lingerSeconds * 1000);

    const lost = receivers.map((receiver) => [...expected].filter((id) => !receiver.seen.has(id)).length);
    const duplicates = receivers.map((receiver) => [...receiver.seen.values()].reduce((sum, times) => sum + (times - 1), 0));
    const invalid = receivers.map((receiver) => receiver.invalid);
    const others = receivers.map((receiver) => [...receiver.seen.keys()].filter((id) => !expected.has(id)).length);
    console.log("");
    console.log(`webhook fan-out: ${eventCount} events to ${receiverCount} receivers (${eventCount * receiverCount} deliveries), the real worker`);
    if (doneAt !== null) {
      const seconds = (doneAt - started) / 1000;
      console.log(`  every delivery arrived ${seconds.toFixed(1)} s after the worker started (${((eventCount * receiverCount) / seconds).toFixed(0)} deliveries/s, worker start-up included)`);
    } else {
      console.log(`  NOT COMPLETE after ${timeoutSeconds} s`);
    }
    console.log(`  lost per receiver: ${lost.join(", ")}; duplicate webhook-ids: ${duplicates.join(", ")}; bad signatures: ${invalid.join(", ")} (other events, e.g. the endpoints' own: ${others.join(", ")})`);
    const ok = doneAt !== null && [...lost, ...duplicates, ...invalid].every((value) => value === 0);
    console.log(`  ${ok ? "OK: 0 lost, 0 duplicates" : "FAILED"}`);
    if (!ok) process.exitCode = 1;
  } finally {
    if (worker) await stopGroup(worker, 15_000);
    await Promise.all(receivers.map((receiver) => new Promise((resolve) => receiver.server.close(resolve))));
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
