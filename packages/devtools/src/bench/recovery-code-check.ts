// `pnpm bench`, recovery codes: what checking a code at sign-in costs (consumeRecoveryCode, a
// wrong code and a right one, on sets of 8 and 16 codes) as a ratio of one raw argon2id hash at
// the password parameters, measured in the same process in the same run. The target: one hash's
// cost, flat in the set size (S19, docs/benchmarks.md). The measuring runs in core
// (scripts/bench-recovery-code-check.ts), where the domain code lives.
//
// Alone, without building the web app: node --import tsx packages/devtools/src/bench/recovery-code-check.ts
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createDatabase, migrate, repoRoot, startEmbeddedPostgres } from "../database";

type Medians = { hash: number; wrong8: number; wrong16: number; right8: number; right16: number };

/** Above this, a wrong code costs noticeably more than the hash itself. */
const wrongCodeTarget = 1.25;
/** A set of 16 may cost at most this much more than a set of 8 to still count as flat. */
const flatTolerance = 0.1;

/** Runs the measurement against `env.DATABASE_URL` (migrated) and prints the section. */
export async function benchRecoveryCodeCheck(env: NodeJS.ProcessEnv): Promise<void> {
  const output = execFileSync(process.execPath, ["--import", import.meta.resolve("tsx"), "scripts/bench-recovery-code-check.ts"], {
    cwd: path.join(repoRoot, "packages/core"),
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const { rounds, perRound, medians } = JSON.parse(output.trim().split("\n").at(-1)!) as { rounds: number; perRound: number; medians: Medians };
  const ratio = (ms: number) => ms / medians.hash;
  const line = (label: string, ms: number) => `  ${label.padEnd(52)} ${ms.toFixed(1).padStart(6)} ms   ratio ${ratio(ms).toFixed(2)}`;
  const wrongWorst = Math.max(ratio(medians.wrong8), ratio(medians.wrong16));
  const flatWrong = medians.wrong16 / medians.wrong8 - 1;
  const flatRight = medians.right16 / medians.right8 - 1;
  const isFlat = Math.abs(flatWrong) <= flatTolerance && Math.abs(flatRight) <= flatTolerance;
  console.log("");
  console.log(`recovery code check (one at a time, ${rounds * perRound} of each kind taking turns, medians)`);
  console.log(line("baseline: one raw argon2id hash (m=19 MiB, t=2, p=1)", medians.hash));
  console.log(line("wrong code, set of 8", medians.wrong8));
  console.log(line("wrong code, set of 16", medians.wrong16));
  console.log(line("right code, set of 8 (use, audit, notice queued)", medians.right8));
  console.log(line("right code, set of 16 (use, audit, notice queued)", medians.right16));
  console.log(`  a wrong code costs ${wrongWorst.toFixed(2)} hashes (target <= ${wrongCodeTarget}) ${wrongWorst <= wrongCodeTarget ? "OK" : "ABOVE TARGET"}`);
  console.log(
    `  16 vs 8 codes: wrong ${(flatWrong * 100).toFixed(1)}%, right ${(flatRight * 100).toFixed(1)}% (flat within ${flatTolerance * 100}%) ${isFlat ? "OK" : "NOT FLAT"}`,
  );
}

async function runAlone() {
  const dataDir = path.join(repoRoot, ".data", `bench-recovery-postgres-${process.pid}`);
  const server = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir, port: 0, persistent: false });
  try {
    const databaseUrl = await createDatabase(process.env.DATABASE_URL ?? server!.url, `rekey_bench_rc_${Date.now()}`);
    migrate(databaseUrl);
    await benchRecoveryCodeCheck({ ...process.env, DATABASE_URL: databaseUrl, REKEY_ENCRYPTION_KEYS: `bench1:${randomBytes(32).toString("base64")}` });
  } finally {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runAlone();
