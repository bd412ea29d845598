// `pnpm --filter @rekey/devtools bench:verify`: session verification as a tenant app does it, through
// @rekey/sdk (`sessions.verify` over HTTP, API key checked, tRPC, core, PostgreSQL) against the
// production web server (apps/web/server.ts as `pnpm start` runs it), from 50 concurrent loops,
// against a bare node:http + pg server doing the same SHA-256 hash and unique-index lookup
// (verify-floor-server.ts) on the same cores in the same run. Prints the throughput ratio (target
// >= 0.6) and the SDK path's p99 latency (target < 30 ms); docs/benchmarks.md has the results.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
// A path, not the package name: @rekey/sdk's tests use devtools (the database set-up), so
// devtools cannot list the SDK as a dependency without a cycle in the workspace graph.
import { createRekeyClient } from "../../../sdk/src/index";
import { createDatabase, findFreePort, migrate, repoRoot, startEmbeddedPostgres } from "../database";
import { isPortOpen, pnpmCommand, sleep, spawnPrefixed, stopGroup } from "../processes";
import { coreSplit, onCores, pin } from "./cpu-affinity";
import { cpuPerOperation, cpuSnapshot, type CpuSides } from "./cpu-usage";

const concurrency = Number(process.env.REKEY_BENCH_CONCURRENCY ?? 50);
const secondsPerRound = Number(process.env.REKEY_BENCH_SECONDS ?? 3);
const rounds = Number(process.env.REKEY_BENCH_ROUNDS ?? 6);
const settleSeconds = Number(process.env.REKEY_BENCH_SETTLE_SECONDS ?? 1);
const warmUpSeconds = Number(process.env.REKEY_BENCH_WARM_UP_SECONDS ?? 6);

type Round = { operations: number; perSecond: number; latencies: number[] };

/** Runs `operation` from `concurrency` loops for `seconds`, timing each; every operation must succeed. */
async function measure(seconds: number, operation: () => Promise<void>): Promise<Round> {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const begun = performance.now();
        await operation();
        latencies.push(performance.now() - begun);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { operations: latencies.length, perSecond: latencies.length / elapsed, latencies };
}

function percentile(values: number[], share: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))]!;
}

function median(values: number[]) {
  return percentile(values, 0.5);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd = repoRoot) {
  return execFileSync(command, args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
}

// The baseline's client: node:http on a keep-alive agent, the cheapest a load generator gets.
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

function postJson(url: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(url, { method: "POST", agent, headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) } }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.on("end", () => (incoming.statusCode === 200 ? resolve(Buffer.concat(chunks).toString("utf8")) : reject(new Error(`floor answered ${incoming.statusCode}`))));
      incoming.on("error", reject);
    });
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

async function main() {
  const cores = coreSplit();
  if (cores) pin(process.pid, cores.rest);
  const dataDir = path.join(repoRoot, ".data", `bench-verify-postgres-${process.pid}`);
  const server = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir, port: 0, persistent: false });
  const databaseUrl = await createDatabase(process.env.DATABASE_URL ?? server!.url, `rekey_bench_verify_${Date.now()}`);
  migrate(databaseUrl);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REKEY_ENCRYPTION_KEYS: `bench1:${randomBytes(32).toString("base64")}`,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    NEXT_TELEMETRY_DISABLED: "1",
    // The sign-in bench's build folder unless told otherwise (never apps/web/.next, which e2e runs write).
    REKEY_NEXT_DIST_DIR: process.env.REKEY_NEXT_DIST_DIR ?? ".next-bench",
  };
  const fixture = JSON.parse(
    run(process.execPath, ["--import", import.meta.resolve("tsx"), "scripts/bench-verify-fixture.ts"], env, path.join(repoRoot, "packages/core")).trim().split("\n").at(-1)!,
  ) as { slug: string; key: string; tokens: string[] };

  if (process.env.REKEY_BENCH_SKIP_BUILD !== "1") {
    console.log("building the web app (next build)...");
    const pnpm = pnpmCommand([]);
    run(pnpm.command, [...pnpm.args, "--filter", "@rekey/web", "build"], env);
  }
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const start = { command: process.execPath, args: ["--import", "./server-register.mjs", "server.ts"] };
  const onServerCores = cores ? onCores(cores.server, start.command, start.args) : start;
  const web = spawnPrefixed("web", onServerCores.command, onServerCores.args, {
    cwd: path.join(repoRoot, "apps/web"),
    env: { ...env, PORT: String(port), APP_ORIGIN: baseUrl, NODE_ENV: "production" },
    keepLine: (line) => /error/i.test(line),
  });
  const floorPort = await findFreePort();
  const floorStart = { command: process.execPath, args: ["--import", import.meta.resolve("tsx"), path.join(import.meta.dirname, "verify-floor-server.ts")] };
  const onFloorCores = cores ? onCores(cores.server, floorStart.command, floorStart.args) : floorStart;
  const floor = spawnPrefixed("floor", onFloorCores.command, onFloorCores.args, { env: { ...process.env, DATABASE_URL: databaseUrl, REKEY_FLOOR_PORT: String(floorPort) } });
  try {
    for (let waited = 0; !(await isPortOpen(port)) || !(await isPortOpen(floorPort)); waited += 200) {
      if (waited > 60_000) throw new Error("the web app or the floor server did not start within 60 s");
      await sleep(200);
    }
    const { tokens } = fixture;
    let next = 0;
    // REKEY_BENCH_SDK_BATCH=0: each call its own request (the SDK's `batch: false`).
    const rekey = createRekeyClient({ baseUrl, apiKey: fixture.key, batch: process.env.REKEY_BENCH_SDK_BATCH !== "0" });
    const viaSdk = async () => {
      const answer = await rekey.sessions.verify.mutate({ token: tokens[next++ % tokens.length]! });
      if (!answer.active) throw new Error("the SDK answered inactive for a live session");
    };
    const floorUrl = `http://127.0.0.1:${floorPort}/verify`;
    const viaFloor = async () => {
      const answer = JSON.parse(await postJson(floorUrl, JSON.stringify({ token: tokens[next++ % tokens.length]! }))) as { active: boolean };
      if (!answer.active) throw new Error("the floor answered inactive for a live session");
    };

    type Measured = Round & { cpu: CpuSides | null };
    const others = (pid: number | undefined) => [web.child.pid, floor.child.pid].filter((other) => other !== pid);
    const measured = async (operation: () => Promise<void>, pid: number | undefined): Promise<Measured> => {
      await measure(settleSeconds, operation);
      const before = cpuSnapshot(pid, others(pid));
      const round = await measure(secondsPerRound, operation);
      return { ...round, cpu: cpuPerOperation(before, cpuSnapshot(pid, others(pid)), round.operations) };
    };
    await measure(warmUpSeconds, viaFloor);
    await measure(warmUpSeconds, viaSdk);

    // Each SDK round sits between two floor rounds, and its ratio is taken against their mean
    // (these machines drift; see "Rounds side by side" above the sign-in results).
    const floorRounds = [await measured(viaFloor, floor.child.pid)];
    const sdkRounds: (Measured & { ratio: number })[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const sdk = await measured(viaSdk, web.child.pid);
      const before = floorRounds.at(-1)!.perSecond;
      const after = await measured(viaFloor, floor.child.pid);
      floorRounds.push(after);
      sdkRounds.push({ ...sdk, ratio: sdk.perSecond / ((before + after.perSecond) / 2) });
    }

    const describe = (label: string, list: Measured[]) => {
      const latencies = list.flatMap((round) => round.latencies);
      const cpu = list.map((round) => round.cpu).filter((sides): sides is CpuSides => sides !== null);
      const side = (key: keyof CpuSides) => (cpu.length > 0 ? median(cpu.map((sides) => sides[key])).toFixed(2) : "?");
      console.log(`  ${label}`);
      console.log(`    ${median(list.map((round) => round.perSecond)).toFixed(0)} verifications/s; latency p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p99 ${percentile(latencies, 0.99).toFixed(1)} ms`);
      console.log(`    CPU per verification (ms): server ${side("web")} (main thread ${side("webMainThread")}), PostgreSQL ${side("postgres")}, bench client ${side("client")}`);
      return percentile(latencies, 0.99);
    };
    console.log("");
    console.log(`session verification (concurrency ${concurrency}, ${rounds} rounds of ${secondsPerRound} s, each after ${settleSeconds} s uncounted and between two floor rounds)`);
    console.log(
      cores
        ? `  cores: web server and floor on ${cores.server}; load generator and PostgreSQL on ${cores.rest}`
        : "  cores: not pinned (one core, no taskset, or REKEY_BENCH_PIN=0)",
    );
    describe("floor: SHA-256 + unique-index lookup behind bare node:http and pg (node:http client)", floorRounds);
    const p99 = describe(`tenant app: @rekey/sdk sessions.verify against the production server (${process.env.REKEY_BENCH_SDK_BATCH === "0" ? "one request per call" : "batched"})`, sdkRounds);
    const ratios = sdkRounds.map((round) => round.ratio);
    const ratio = median(ratios);
    console.log(`  ratio ${ratio.toFixed(3)} (target >= 0.6) ${ratio >= 0.6 ? "OK" : "BELOW TARGET"}; p99 ${p99.toFixed(1)} ms (target < 30 ms) ${p99 < 30 ? "OK" : "ABOVE TARGET"}`);
    console.log(`  ratio per round: ${ratios.map((value) => value.toFixed(2)).join(" ")}`);
  } finally {
    await stopGroup(floor, 5000);
    await stopGroup(web, 5000);
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
