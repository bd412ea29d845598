// `pnpm bench`: starts a database and the production build of the web app, then prints each
// benchmark as a ratio against its baseline measured in the same run. Ratios, not times, so the
// result means the same on a slow machine as on a fast one.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import { createDatabase, findFreePort, migrate, repoRoot, startEmbeddedPostgres } from "../database";
import { isPortOpen, pnpmCommand, sleep, spawnPrefixed, stopGroup } from "../processes";
import { coreSplit, onCores, pin } from "./cpu-affinity";
import { cpuPerOperation, cpuSnapshot, type CpuSides } from "./cpu-usage";
import { benchRecoveryCodeCheck } from "./recovery-code-check";
import { floorSignIn, measure, nextAuthSignIn, rawVerify, trpcSignIn, type SignInTarget, type Throughput } from "./sign-in-throughput";

// REKEY_BENCH_SMOKE=1 (CI, after the tests): one short round of everything, against the tests'
// build. It proves the bench still runs end to end and prints its ratios; they mean little.
const smoke = process.env.REKEY_BENCH_SMOKE === "1";
const concurrency = Number(process.env.REKEY_BENCH_CONCURRENCY ?? 4);
const secondsPerRound = Number(process.env.REKEY_BENCH_SECONDS ?? (smoke ? 1 : 2));
const rounds = Number(process.env.REKEY_BENCH_ROUNDS ?? (smoke ? 1 : 10));
const settleSeconds = Number(process.env.REKEY_BENCH_SETTLE_SECONDS ?? (smoke ? 0 : 2));
const warmUpSeconds = Number(process.env.REKEY_BENCH_WARM_UP_SECONDS ?? (smoke ? 1 : 8));
// REKEY_BENCH_PATHS=trpc (or browser, floor, or a list) measures those paths alone, e.g. for a CPU
// profile of one.
const selectedPaths = process.env.REKEY_BENCH_PATHS?.split(",") ?? null;
const measures = (key: string) => selectedPaths === null || selectedPaths.includes(key);

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd = repoRoot) {
  return execFileSync(command, args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
}

async function main() {
  // The server's cores and everyone else's (cpu-affinity.ts). PostgreSQL, started below, inherits
  // this process's cores.
  const cores = coreSplit();
  if (cores) pin(process.pid, cores.rest);
  const dataDir = path.join(repoRoot, ".data", `bench-postgres-${process.pid}`);
  const server = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir, port: 0, persistent: false });
  const serverUrl = process.env.DATABASE_URL ?? server!.url;
  const databaseUrl = await createDatabase(serverUrl, `rekey_bench_${Date.now()}`);
  migrate(databaseUrl);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REKEY_ENCRYPTION_KEYS: `bench1:${randomBytes(32).toString("base64")}`,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    NEXT_TELEMETRY_DISABLED: "1",
    // Its own build folder (apps/web/next.config.ts): an e2e build of the same checkout writes
    // apps/web/.next at the same time, and the two must not overwrite each other.
    REKEY_NEXT_DIST_DIR: process.env.REKEY_NEXT_DIST_DIR ?? ".next-bench",
  };
  const fixture = JSON.parse(
    // tsx is devtools' dependency; the fixture script lives in core, so the loader goes by URL.
    run(process.execPath, ["--import", import.meta.resolve("tsx"), "scripts/bench-fixture.ts"], env, path.join(repoRoot, "packages/core")).trim().split("\n").at(-1)!,
  ) as Omit<SignInTarget, "baseUrl" | "tenantSlug"> & { slug: string };
  await benchRecoveryCodeCheck(env);

  const pnpm = pnpmCommand([]);
  if (process.env.REKEY_BENCH_SKIP_BUILD !== "1") {
    console.log("building the web app (next build)...");
    run(pnpm.command, [...pnpm.args, "--filter", "@rekey/web", "build"], env);
  }
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // REKEY_BENCH_CPU_PROFILE=<dir> runs the server under --cpu-prof: a .cpuprofile per process
  // lands in <dir> when the bench stops it (open it in Chrome DevTools).
  const profileDir = process.env.REKEY_BENCH_CPU_PROFILE;
  const webEnv = { ...env, PORT: String(port), APP_ORIGIN: baseUrl };
  // What `pnpm start` runs (apps/web/package.json), with the profiler when asked.
  const start = {
    command: process.execPath,
    args: [...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(profileDir)}`] : []), "--import", "./server-register.mjs", "server.ts"],
  };
  const onServerCores = cores ? onCores(cores.server, start.command, start.args) : start;
  const web = spawnPrefixed("web", onServerCores.command, onServerCores.args, {
    cwd: path.join(repoRoot, "apps/web"),
    env: { ...webEnv, NODE_ENV: "production" },
    keepLine: (line) => /error/i.test(line),
  });
  // The floor (hash-floor-server.ts) on the same cores, idle while the others are measured.
  const floorPort = await findFreePort();
  const floorStart = { command: process.execPath, args: ["--import", import.meta.resolve("tsx"), path.join(import.meta.dirname, "hash-floor-server.ts")] };
  const onFloorCores = cores ? onCores(cores.server, floorStart.command, floorStart.args) : floorStart;
  const floor = measures("floor")
    ? spawnPrefixed("floor", onFloorCores.command, onFloorCores.args, {
        env: { ...process.env, REKEY_FLOOR_HASH: fixture.passwordHash, REKEY_FLOOR_PORT: String(floorPort) },
      })
    : null;
  try {
    for (let waited = 0; !(await isPortOpen(port)) || (floor !== null && !(await isPortOpen(floorPort))); waited += 200) {
      if (waited > 60_000) throw new Error("the web app or the floor server did not start within 60 s");
      await sleep(200);
    }
    const target: SignInTarget = { baseUrl, tenantSlug: fixture.slug, email: fixture.email, password: fixture.password, passwordHash: fixture.passwordHash };
    const floorTarget = { ...target, floorUrl: `http://127.0.0.1:${floorPort}/sign-in` };
    // One client per concurrent loop, each with its own cookies, like that many browsers or tenant-app workers.
    const roundRobin = (clients: (() => Promise<void>)[]) => {
      let next = 0;
      return () => clients[next++ % clients.length]!();
    };
    const webPid = web.child.pid;
    const allPaths = [
      { key: "browser", name: "browser: next-auth credentials callback", client: () => nextAuthSignIn(target), pid: webPid },
      { key: "trpc", name: "tenant app: tRPC auth.signIn over HTTP", client: () => trpcSignIn(target), pid: webPid },
      { key: "floor", name: "floor: one verify behind bare node:http (no framework, database or session)", client: () => floorSignIn(floorTarget), pid: floor?.child.pid },
    ];
    const paths = await Promise.all(
      allPaths
        .filter((entry) => measures(entry.key))
        .map(async ({ key, name, client, pid }) => ({ key, name, pid, signIn: roundRobin(await Promise.all(Array.from({ length: concurrency }, client))) })),
    );
    // Warm-up: first requests, connection pools, JIT (V8 was still optimizing the server's hot
    // functions after 2 s); each client's first sign-in gets its device cookie.
    for (const { signIn } of paths) await measure(concurrency, warmUpSeconds, signIn);

    // Each round of a path sits between two rounds of the hash, and its ratio is taken against
    // their mean; a path's ratio is the median of its rounds'. Rounds are short. These virtual
    // machines drift: the same hash ran from 70 to 93 per second within one run, so rounds far
    // apart in time compared the machine's moods, not the code.
    type Measured = { throughput: Throughput; cpu: CpuSides | null };
    const snapshot = (pid: number | undefined) => cpuSnapshot(pid, [webPid, floor?.child.pid].filter((other) => other !== pid));
    // Each round starts with two seconds of the same work, not counted: a server that sat idle
    // through the other rounds has had V8 collect its idle heap and drop code that had not run (its
    // memory reducer and bytecode flushing), and would otherwise pay for compiling it again inside the round, which a server
    // under steady load never does (docs/benchmarks.md, "Rounds settle first").
    const settle = (operation: () => Promise<void>) => measure(concurrency, settleSeconds, operation);
    const measureHash = async (): Promise<Measured> => {
      // The baseline hashes on the server's cores, while the servers idle.
      if (cores) pin(process.pid, cores.server);
      await settle(rawVerify(target));
      const before = snapshot(webPid);
      const throughput = await measure(concurrency, secondsPerRound, rawVerify(target));
      if (cores) pin(process.pid, cores.rest);
      return { throughput, cpu: cpuPerOperation(before, snapshot(webPid), throughput.operations) };
    };
    const measurePath = async (signIn: () => Promise<void>, pid: number | undefined): Promise<Measured> => {
      await settle(signIn);
      const before = snapshot(pid);
      const throughput = await measure(concurrency, secondsPerRound, signIn);
      return { throughput, cpu: cpuPerOperation(before, snapshot(pid), throughput.operations) };
    };
    // One turn of the alternation, not counted, so that the first counted round of each path
    // comes after the same idle spell as every other (the warm-ups above ran one path after another).
    for (const { signIn, pid } of paths) {
      await measureHash();
      await measurePath(signIn, pid);
    }
    const hashRounds = [await measureHash()];
    const pathRounds = paths.map(() => [] as (Measured & { ratio: number })[]);
    for (let round = 0; round < rounds; round += 1) {
      for (const [index, { signIn, pid }] of paths.entries()) {
        const measured = await measurePath(signIn, pid);
        const hashBefore = hashRounds.at(-1)!.throughput.perSecond;
        const hashAfter = await measureHash();
        hashRounds.push(hashAfter);
        pathRounds[index]!.push({ ...measured, ratio: measured.throughput.perSecond / ((hashBefore + hashAfter.throughput.perSecond) / 2) });
      }
    }
    const hashRate = median(hashRounds.map((round) => round.throughput.perSecond));
    console.log("");
    console.log(
      `sign-in throughput (concurrency ${concurrency}, ${rounds} rounds of ${secondsPerRound} s per path, each after ${settleSeconds} s uncounted and between two of the hash, medians)`,
    );
    console.log(
      cores
        ? `  cores: web server and baseline on ${cores.server}; load generator and PostgreSQL on ${cores.rest}`
        : "  cores: not pinned (one core, no taskset, or REKEY_BENCH_PIN=0): the load generator and PostgreSQL share the server's cores",
    );
    console.log(`  baseline: raw argon2id verify (m=19 MiB, t=2, p=1)   ${hashRate.toFixed(1)} /s`);
    const hashCpu = hashRounds.flatMap((round) => (round.cpu ? [round.cpu.client] : []));
    const verifyCpu = hashCpu.length > 0 ? median(hashCpu) : null;
    if (verifyCpu !== null) console.log(`    CPU per verify (ms): ${verifyCpu.toFixed(1)}`);
    const ratioOf = (key: string) => {
      const index = paths.findIndex((entry) => entry.key === key);
      return index < 0 ? null : median(pathRounds[index]!.map((round) => round.ratio));
    };
    for (const [index, { key, name }] of paths.entries()) {
      const rounds = pathRounds[index]!;
      const rate = median(rounds.map((round) => round.throughput.perSecond));
      const ratios = rounds.map((round) => round.ratio);
      const ratio = median(ratios);
      const overhead = 1 / ratio - 1;
      // The target is the real stack's; the floor is what any HTTP sign-in costs at least.
      const verdict = key === "floor" ? "(no target: the least an HTTP sign-in costs)" : `(target < 15%) ${overhead < 0.15 ? "OK" : "ABOVE TARGET"}`;
      console.log(`  ${name}`);
      console.log(`    ${rate.toFixed(1)} sign-ins/s, ratio ${ratio.toFixed(3)}: ${key === "floor" ? "it" : "the stack"} adds ${(overhead * 100).toFixed(1)}% ${verdict}`);
      console.log(`    ratio per round: ${ratios.map((value) => value.toFixed(2)).join(" ")}`);
      const cpu = rounds.map((round) => round.cpu).filter((sides): sides is CpuSides => sides !== null);
      if (cpu.length > 0) {
        const side = (key: keyof CpuSides) => median(cpu.map((sides) => sides[key])).toFixed(1);
        // The hash runs in the web server during these rounds; the bench process only sends requests.
        const total = median(cpu.map((sides) => sides.web + sides.postgres + sides.client));
        console.log(
          `    CPU per sign-in (ms): server ${side("web")} (main thread ${side("webMainThread")}), PostgreSQL ${side("postgres")}, bench client ${side("client")}; total ${total.toFixed(1)}`,
        );
        // On a machine shared with other work the throughput ratio moves with that work; the CPU
        // ratio (what one verify costs / what one sign-in costs, every side counted) moves less.
        if (verifyCpu !== null) console.log(`    CPU ratio verify/sign-in: ${(verifyCpu / total).toFixed(3)} (a diagnostic; the target is on the throughput ratio)`);
      }
    }
    const [trpcRatio, floorRatio] = [ratioOf("trpc"), ratioOf("floor")];
    if (trpcRatio !== null && floorRatio !== null) {
      const beyond = floorRatio / trpcRatio - 1;
      console.log(`  tenant app against the floor: ratio ${(trpcRatio / floorRatio).toFixed(3)}: beyond one HTTP request and the hash, tRPC, core and the database add ${(beyond * 100).toFixed(1)}% (a diagnostic)`);
    }
  } finally {
    if (floor) await stopGroup(floor, 5000);
    await stopGroup(web, 5000);
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
