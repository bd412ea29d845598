import { findFreePort } from "@rekey/devtools/database";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { requestPasswordReset } from "../../src/accounts/request-password-reset";
import { signInWithPassword } from "../../src/accounts/sign-in-with-password";
import { closeDb, getDb } from "../../src/db/client";
import { toAppError } from "../../src/errors/to-app-error";
import { consumeIpAttempt } from "../../src/rate-limit/ip-limiter";
import { tryConsumeQuota } from "../../src/rate-limit/quota";
import { admitSignInAttempt } from "../../src/rate-limit/sign-in-throttle";
import { spendApiKeyBudget } from "../../src/api-keys/api-key-budget";
import type { Tenant } from "../../src/tenants/get-tenant-by-slug";
import { defaultTenantPolicy } from "../../src/tenants/tenant-policy";
import { expectAppError, strongPassword, testContext } from "./fixtures";

// An attacker who can make the limiter's store fail (overload it, cut it off) must not get
// unlimited guesses in the meantime (S6: "a limiter failure refuses, never lets through").
//
// This file runs in its own module graph, and env() reads the configuration on first use, so
// pointing DATABASE_URL at a port nobody listens on makes the product's own pool (getPool/getDb),
// and with it every limiter, meet a real refused connection. Nothing is mocked.

const tenant: Tenant = { id: "tnt_outage", slug: "outage", name: "Outage", policy: defaultTenantPolicy };

beforeAll(async () => {
  const closedPort = await findFreePort();
  const url = new URL(process.env.DATABASE_URL ?? "postgres://rekey:rekey@127.0.0.1/rekey");
  url.hostname = "127.0.0.1";
  url.port = String(closedPort);
  vi.stubEnv("DATABASE_URL", url.toString());
});

afterAll(async () => {
  await closeDb();
  vi.unstubAllEnvs();
});

function hasConnectionRefused(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 8; depth += 1) {
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (code === "ECONNREFUSED" || (typeof message === "string" && message.includes("ECONNREFUSED"))) return true;
    current = cause;
  }
  return false;
}

describe("a limiter whose store is unreachable refuses", () => {
  it("the per-IP limiter answers UNAVAILABLE, never admits", async () => {
    const error = await expectAppError(consumeIpAttempt({ tenantId: tenant.id, ip: "198.51.100.1", limit: 10 }), "UNAVAILABLE");
    expect(error.status).toBe(503);
    expect(hasConnectionRefused(error)).toBe(true);
  });

  it("the mail quota answers UNAVAILABLE, not 'within quota'", async () => {
    await expectAppError(tryConsumeQuota({ name: "password-reset-mail", key: `${tenant.id}:a@example.test` }), "UNAVAILABLE");
  });

  it("the per-account throttle rejects with an error classified UNAVAILABLE, never admits", async () => {
    const outcome = await admitSignInAttempt({ db: getDb(), key: { tenantId: tenant.id, subject: "password:a@example.test" }, limit: 10 }).then(
      () => "admitted",
      (error: unknown) => error,
    );
    expect(outcome).not.toBe("admitted");
    expect(toAppError(outcome)?.code).toBe("UNAVAILABLE");
  });

  it("sign-in with a password (right or wrong) is refused as UNAVAILABLE, not let through", async () => {
    for (const password of [strongPassword, "a wrong password 123"]) {
      await expectAppError(signInWithPassword({ db: getDb(), tenant, email: "a@example.test", password, context: testContext() }), "UNAVAILABLE");
    }
  });

  it("a tenant API key's call budget answers UNAVAILABLE, never spends from thin air", async () => {
    await expectAppError(spendApiKeyBudget({ apiKeyId: "key_outage", limit: 6000 }), "UNAVAILABLE");
  });

  it("a password reset request is refused as UNAVAILABLE rather than sent past its quota", async () => {
    await expectAppError(requestPasswordReset({ db: getDb(), tenant, email: "a@example.test", context: testContext() }), "UNAVAILABLE");
  });
});
