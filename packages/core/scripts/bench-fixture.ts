// Creates the data `pnpm bench` signs in with: a tenant and one verified account. Prints one JSON
// line for the bench driver (packages/devtools/src/bench). Usage: DATABASE_URL=... tsx scripts/bench-fixture.ts
import { randomBytes } from "node:crypto";
import { createAccount } from "../src/accounts/create-account";
import { systemRequestContext } from "../src/audit/request-context";
import { closeDb, getDb } from "../src/db";
import { createTenant } from "../src/tenants/create-tenant";

async function main() {
  const db = getDb();
  try {
    const slug = `bench-${randomBytes(3).toString("hex")}`;
    // Generous limits: the bench measures throughput, not the limiter.
    const tenant = await createTenant({ db, slug, name: "Bench", policy: { signIn: { maxFailuresPerAccount: 50, maxFailuresPerIp: 1000 } } });
    const email = `bench-${randomBytes(3).toString("hex")}@example.test`;
    const password = "correct horse battery staple 42";
    const user = await createAccount({ db, tenantId: tenant.id, email, name: "Bench User", password, emailVerified: true, context: systemRequestContext });
    const { passwordHash } = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
    process.stdout.write(`${JSON.stringify({ slug, email, password, passwordHash })}\n`);
  } finally {
    await closeDb();
  }
}

await main();
