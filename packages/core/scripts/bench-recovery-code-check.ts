// `pnpm bench`, recovery codes: the time consumeRecoveryCode takes for a wrong code and for a right
// one, on sets of 8 and of 16, against one raw argon2id hash at the password parameters, all in
// this process, one at a time, the kinds taking turns so drift hits each kind alike.
// Prints one JSON line of medians for the driver (packages/devtools/src/bench/recovery-code-check.ts).
// Usage: DATABASE_URL=... REKEY_ENCRYPTION_KEYS=... tsx scripts/bench-recovery-code-check.ts
import { randomBytes } from "node:crypto";
import { hash } from "@node-rs/argon2";
import { createAccount } from "../src/accounts/create-account";
import { systemRequestContext } from "../src/audit/request-context";
import { closeDb, getDb } from "../src/db";
import { isAppError } from "../src/errors/app-error";
import { closeJobQueue } from "../src/outbox/job-queue";
import { argon2Parameters } from "../src/passwords/hash-password";
import { consumeRecoveryCode } from "../src/recovery-codes/consume-recovery-code";
import { issueRecoveryCodes } from "../src/recovery-codes/issue-recovery-codes";
import { formatRecoveryCode, generateRecoveryCode } from "../src/recovery-codes/recovery-code-format";
import { createTenant } from "../src/tenants/create-tenant";
import { getTenantBySlug, type Tenant } from "../src/tenants/get-tenant-by-slug";

const rounds = Number(process.env.REKEY_BENCH_RECOVERY_ROUNDS ?? 5);
const perRound = Number(process.env.REKEY_BENCH_RECOVERY_SAMPLES ?? 12);
const setSizes = [8, 16] as const;
const context = { ip: "198.51.100.7", userAgent: "rekey-bench" };

type Account = { tenant: Tenant; userId: string; codes: string[] };

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timed(operation: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await operation();
  return performance.now() - started;
}

/**
 * Right codes are taken from fresh sets, the first few of each, for both sizes: then a sample of
 * either size meets the same history (uses of the account before it, never the last code), and
 * only the set's size differs.
 */
const usesPerSet = 4;

/** Users with working sets of `size` codes: a set for every `usesPerSet` right-code samples. */
async function accountsWithSets(size: number, codesNeeded: number): Promise<Account[]> {
  const db = getDb();
  const slug = `bench-rc${size}-${randomBytes(3).toString("hex")}`;
  await createTenant({ db, slug, name: `Bench ${size}`, policy: { recoveryCodes: { count: size } } });
  const tenant = await getTenantBySlug({ db, slug });
  const accounts: Account[] = [];
  for (let made = 0; made * usesPerSet < codesNeeded; made += 1) {
    const email = `bench-${randomBytes(4).toString("hex")}@example.test`;
    const user = await createAccount({ db, tenantId: tenant.id, email, name: "Bench User", password: "correct horse battery staple 42", emailVerified: true, context: systemRequestContext });
    const { codes } = await db.$transaction((tx) => issueRecoveryCodes({ tx, tenant, userId: user.id, confirmed: true }));
    accounts.push({ tenant, userId: user.id, codes });
  }
  return accounts;
}

async function main() {
  const db = getDb();
  try {
    const samples = rounds * perRound + 1; // + the warm-up
    const bySize = new Map<number, Account[]>();
    for (const size of setSizes) bySize.set(size, await accountsWithSets(size, samples));

    const salt = randomBytes(16);
    const rawHash = () => hash(generateRecoveryCode("set"), { ...argon2Parameters, salt });
    const wrongCode = (size: number) => {
      const account = bySize.get(size)![0]!;
      return async () => {
        const refused = await consumeRecoveryCode({ db, tenant: account.tenant, userId: account.userId, code: formatRecoveryCode(generateRecoveryCode("set")), context }).then(
          () => false,
          (error: unknown) => isAppError(error) && error.code === "INVALID_CREDENTIALS",
        );
        if (!refused) throw new Error("a wrong recovery code was not refused");
      };
    };
    const rightCode = (size: number) => {
      const unused = bySize.get(size)!.flatMap((account) => account.codes.slice(0, usesPerSet).map((code) => ({ account, code })));
      return async () => {
        const next = unused.shift();
        if (!next) throw new Error("the bench ran out of recovery codes");
        await consumeRecoveryCode({ db, tenant: next.account.tenant, userId: next.account.userId, code: next.code, context });
      };
    };
    const kinds = {
      hash: rawHash,
      wrong8: wrongCode(8),
      wrong16: wrongCode(16),
      right8: rightCode(8),
      right16: rightCode(16),
    };
    const times = Object.fromEntries(Object.keys(kinds).map((kind) => [kind, [] as number[]])) as Record<keyof typeof kinds, number[]>;
    // Warm-up: the pool's connections, pg-boss's publisher, the JIT.
    for (const operation of Object.values(kinds)) await operation();
    // Kinds take turns sample by sample, starting each turn with the next kind, so a burst of
    // load from elsewhere on the machine lands on every kind alike.
    const entries = Object.entries(kinds) as [keyof typeof kinds, () => Promise<unknown>][];
    for (let turn = 0; turn < rounds * perRound; turn += 1) {
      for (let offset = 0; offset < entries.length; offset += 1) {
        const [kind, operation] = entries[(turn + offset) % entries.length]!;
        times[kind].push(await timed(operation));
      }
    }
    const medians = Object.fromEntries(Object.entries(times).map(([kind, values]) => [kind, median(values)]));
    process.stdout.write(`${JSON.stringify({ rounds, perRound, medians })}\n`);
  } finally {
    await closeJobQueue();
    await closeDb();
  }
}

await main();
