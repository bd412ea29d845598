// Creates the data `pnpm soak` (packages/devtools/src/soak) runs against, and prints it as one
// JSON line: a tenant with password-only accounts, accounts with an authenticator app and saved
// recovery codes (the TOTP seeds and the unused codes are printed: the soak signs in with them),
// accounts that request password resets during the fault phase, and a tenant with the default
// sign-in budget and one account for the burst.
// Usage: DATABASE_URL=... REKEY_ENCRYPTION_KEYS=... REKEY_SOAK_PASSWORD_ACCOUNTS=20 \
//   REKEY_SOAK_SECOND_FACTOR_ACCOUNTS=40 REKEY_SOAK_RESET_ACCOUNTS=20 tsx scripts/soak-fixture.ts
import { randomBytes } from "node:crypto";
import { Secret } from "otpauth";
import { createAccount } from "../src/accounts/create-account";
import { systemRequestContext } from "../src/audit/request-context";
import { closeDb, getDb } from "../src/db";
import { activateTotpFactor } from "../src/factors/totp/activate-totp-factor";
import { startTotpEnrolment } from "../src/factors/totp/start-totp-enrolment";
import { generateTotpAt, totpStepAt } from "../src/factors/totp/totp-parameters";
import { closeJobQueue } from "../src/outbox/job-queue";
import { createTenant } from "../src/tenants/create-tenant";
import { getTenantBySlug, type Tenant } from "../src/tenants/get-tenant-by-slug";
import { saveRecoveryCodes } from "../src/testing";

const password = "correct horse battery staple 42";
const count = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

async function createUser(tenantId: string, prefix: string) {
  const email = `${prefix}-${randomBytes(4).toString("hex")}@example.test`;
  const user = await createAccount({ db: getDb(), tenantId, email, name: "Soak User", password, emailVerified: true, context: systemRequestContext });
  return { id: user.id, email };
}

/** An account whose authenticator app and recovery codes are set up as the owner would. */
async function createSecondFactorUser(tenant: Tenant) {
  const db = getDb();
  const user = await createUser(tenant.id, "soak-2fa");
  const enrolment = await startTotpEnrolment({ db, tenant, userId: user.id });
  const now = new Date();
  // Activation consumes this step: the first sign-in must use a later one (S14).
  const code = generateTotpAt(new Uint8Array(Secret.fromBase32(enrolment.secretBase32).bytes), now);
  await activateTotpFactor({ db, tenant, userId: user.id, factorId: enrolment.factorId, code, context: systemRequestContext });
  const codes = await saveRecoveryCodes(tenant, user.id);
  // saveRecoveryCodes typed the first code back to finish the set-up; the rest are unused.
  return { email: user.email, totpSecret: enrolment.secretBase32, lastTotpStep: totpStepAt(now), recoveryCodes: codes.slice(1) };
}

/** Runs `make` `total` times, `parallel` at once (each account costs argon2 hashes). */
async function many<T>(total: number, parallel: number, make: () => Promise<T>): Promise<T[]> {
  const made: T[] = [];
  let started = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, total) }, async () => {
      while (started < total) {
        started += 1;
        // On a busy machine a transaction can miss Prisma's 2 s wait for a connection (P2028): try again.
        for (let attempt = 1; ; attempt += 1) {
          try {
            made.push(await make());
            break;
          } catch (error) {
            if (attempt >= 3 || (error as { code?: string }).code !== "P2028") throw error;
          }
        }
      }
    }),
  );
  return made;
}

async function main() {
  const db = getDb();
  try {
    const slug = `soak-${randomBytes(3).toString("hex")}`;
    // Generous limits: the load phases measure the service, not the limiter. The per-IP budget
    // counts failures only, and the load signs in with right passwords.
    await createTenant({ db, slug, name: "Soak", policy: { signIn: { maxFailuresPerAccount: 50, maxFailuresPerIp: 1000 } } });
    const tenant = await getTenantBySlug({ db, slug });
    // The burst tenant keeps the default per-account budget (the one under test); its per-IP
    // budget is the highest allowed, so only the per-account throttle can refuse.
    const burstSlug = `soak-burst-${randomBytes(3).toString("hex")}`;
    await createTenant({ db, slug: burstSlug, name: "Soak burst", policy: { signIn: { maxFailuresPerIp: 1000 } } });
    const burstTenant = await getTenantBySlug({ db, slug: burstSlug });

    const passwordAccounts = await many(count("REKEY_SOAK_PASSWORD_ACCOUNTS", 20), 2, () => createUser(tenant.id, "soak-pw"));
    const resetAccounts = await many(count("REKEY_SOAK_RESET_ACCOUNTS", 20), 2, () => createUser(tenant.id, "soak-reset"));
    const secondFactorAccounts = await many(count("REKEY_SOAK_SECOND_FACTOR_ACCOUNTS", 40), 2, () => createSecondFactorUser(tenant));
    const burstAccount = await createUser(burstTenant.id, "soak-burst");
    process.stdout.write(
      `${JSON.stringify({
        slug,
        burstSlug,
        burstTenantId: burstTenant.id,
        burstMaxFailures: burstTenant.policy.signIn.maxFailuresPerAccount,
        tenantId: tenant.id,
        password,
        passwordAccounts: passwordAccounts.map((account) => account.email),
        resetAccounts: resetAccounts.map((account) => account.email),
        secondFactorAccounts,
        burstAccount: { id: burstAccount.id, email: burstAccount.email },
      })}\n`,
    );
  } finally {
    await closeJobQueue();
    await closeDb();
  }
}

await main();
