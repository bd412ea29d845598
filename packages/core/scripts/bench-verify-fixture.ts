// Creates the data the session-verification bench (packages/devtools/src/bench/verify-bench.ts)
// uses: a tenant whose per-key budget is raised out of the way (the bench measures verification,
// not the limiter), a `sessions:read` API key and live sessions of a few accounts. Prints one JSON
// line for the driver. Usage: DATABASE_URL=... tsx scripts/bench-verify-fixture.ts
import { randomBytes } from "node:crypto";
import { createAccount } from "../src/accounts/create-account";
import { apiKeyPrefix, generateApiKey } from "../src/api-keys/api-key-format";
import { systemRequestContext } from "../src/audit/request-context";
import { hashToken } from "../src/crypto/tokens";
import { closeDb, getDb } from "../src/db";
import { newId } from "../src/ids";
import { createSession } from "../src/sessions/create-session";
import { createTenant } from "../src/tenants/create-tenant";
import { getTenantBySlug } from "../src/tenants/get-tenant-by-slug";

const accounts = 20;
const sessionsPerAccount = 10;

async function main() {
  const db = getDb();
  try {
    const slug = `bench-verify-${randomBytes(3).toString("hex")}`;
    // 600,000 a minute (the policy's maximum) is 10,000 a second: above anything two cores answer.
    await createTenant({ db, slug, name: "Bench verify", policy: { api: { requestsPerMinute: 600_000 } } });
    const tenant = await getTenantBySlug({ db, slug });
    const key = generateApiKey("test");
    const tokens: string[] = [];
    for (let index = 0; index < accounts; index += 1) {
      const email = `verify-${index}-${randomBytes(3).toString("hex")}@example.test`;
      const user = await createAccount({ db, tenantId: tenant.id, email, name: `Bench ${index}`, password: "correct horse battery staple 42", emailVerified: true, context: systemRequestContext });
      for (let session = 0; session < sessionsPerAccount; session += 1) {
        const created = await createSession({ db, tenantId: tenant.id, userId: user.id, policy: tenant.policy, context: systemRequestContext, methods: ["password"] });
        tokens.push(created.token);
      }
      if (index === 0) {
        await db.apiKey.create({
          data: { id: newId("apiKey"), tenantId: tenant.id, name: "Bench", environment: "test", prefix: apiKeyPrefix(key), secretHash: hashToken(key), scopes: ["sessions:read"], createdById: user.id },
        });
      }
    }
    process.stdout.write(`${JSON.stringify({ slug, key, tokens })}\n`);
  } finally {
    await closeDb();
  }
}

await main();
