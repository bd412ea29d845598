// `pnpm bench`: starts a database and the production build of the web app, then prints each
// benchmark as a ratio against its baseline measured in the same run. Ratios, not times, so the
// result means the same on a slow machine as on a fast one.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import { createDatabase, findFreePort, migrate, repoRoot, startEmbeddedPostgres } from "../database";
import { isPortOpen, pnpmCommand, sleep, spawnPrefixed, stopGroup } from "../processes";
import { benchRecoveryCodeCheck } from "./recovery-code-check";
import { httpSignIn, measure, rawVerify, type SignInTarget, type Throughput } from "./sign-in-throughput";

const concurrency = Number(process.env.REKEY_BENCH_CONCURRENCY ?? 4);
const secondsPerRound = Number(process.env.REKEY_BENCH_SECONDS ?? 6);
const rounds = Number(process.env.REKEY_BENCH_ROUNDS ?? 3);

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd = repoRoot) {
  return execFileSync(command, args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
}

async function main() {
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
  const web = profileDir
    ? spawnPrefixed("web", process.execPath, [`--cpu-prof`, `--cpu-prof-dir=${path.resolve(profileDir)}`, "node_modules/next/dist/bin/next", "start", "-p", String(port)], {
        cwd: path.join(repoRoot, "apps/web"),
        env: webEnv,
        keepLine: (line) => /error/i.test(line),
      })
    : spawnPrefixed("web", pnpm.command, [...pnpm.args, "--filter", "@rekey/web", "start"], {
        cwd: repoRoot,
        env: webEnv,
        keepLine: (line) => /error/i.test(line),
      });
  try {
    for (let waited = 0; !(await isPortOpen(port)); waited += 200) {
      if (waited > 60_000) throw new Error("the web app did not start within 60 s");
      await sleep(200);
    }
    const target: SignInTarget = { baseUrl, tenantSlug: fixture.slug, email: fixture.email, password: fixture.password, passwordHash: fixture.passwordHash };
    const clients = await Promise.all(Array.from({ length: concurrency }, () => httpSignIn(target)));
    let next = 0;
    const signIn = () => clients[next++ % clients.length]!();
    await measure(concurrency, 2, signIn); // warm-up: route compilation, connection pools, JIT

    const hash: Throughput[] = [];
    const stack: Throughput[] = [];
    for (let round = 0; round < rounds; round += 1) {
      hash.push(await measure(concurrency, secondsPerRound, rawVerify(target)));
      stack.push(await measure(concurrency, secondsPerRound, signIn));
    }
    const hashRate = median(hash.map((result) => result.perSecond));
    const stackRate = median(stack.map((result) => result.perSecond));
    const overhead = hashRate / stackRate - 1;
    console.log("");
    console.log(`sign-in throughput (concurrency ${concurrency}, ${rounds} rounds of ${secondsPerRound} s, medians)`);
    console.log(`  baseline: raw argon2id verify (m=19 MiB, t=2, p=1)   ${hashRate.toFixed(1)} /s`);
    console.log(`  measured: password sign-in over HTTP (next-auth)    ${stackRate.toFixed(1)} /s`);
    console.log(`  ratio stack/hash: ${(stackRate / hashRate).toFixed(3)}  -> the stack adds ${(overhead * 100).toFixed(1)}% (target < 15%) ${overhead < 0.15 ? "OK" : "ABOVE TARGET"}`);
  } finally {
    await stopGroup(web, 5000);
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
