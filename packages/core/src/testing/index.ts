// Test support shared by the packages' integration tests. Not part of the product surface.
import { randomBytes } from "node:crypto";
import { open } from "../crypto/secret-box";
import { getDb } from "../db/client";
import { createAccount } from "../accounts/create-account";
import { systemRequestContext } from "../audit/request-context";
import { createTenant, type CreateTenantOptions } from "../tenants/create-tenant";
import { finishTwoStepSetup, startTwoStepSetup } from "../factors/two-step-setup";
import { getTenantBySlug, type Tenant } from "../tenants/get-tenant-by-slug";

export * from "./software-authenticator";

export const strongPassword = "correct horse battery staple 42";

/** A tenant of its own for one test: tests share a database and isolate by tenant. */
export async function createTestTenant(policy?: CreateTenantOptions["policy"]) {
  const slug = `t-${randomBytes(5).toString("hex")}`;
  await createTenant({ db: getDb(), slug, name: `Test ${slug}`, policy });
  return getTenantBySlug({ db: getDb(), slug });
}

export async function createTestUser(tenantId: string, overrides: { email?: string; name?: string; password?: string; emailVerified?: boolean } = {}) {
  const email = overrides.email ?? `user-${randomBytes(4).toString("hex")}@example.test`;
  const password = overrides.password ?? strongPassword;
  const user = await createAccount({
    db: getDb(),
    tenantId,
    email,
    name: overrides.name ?? "Ada Lovelace",
    password,
    emailVerified: overrides.emailVerified ?? true,
    context: systemRequestContext,
  });
  return { id: user.id, email, password };
}

export type OpenedMessage = { id: string; to: string; subject: string; text: string; html: string | null; createdAt: Date };

/** Messages queued for an address in a tenant, newest first, bodies opened. */
export async function findMessagesTo(tenantId: string, to: string): Promise<OpenedMessage[]> {
  const rows = await getDb().outboxMessage.findMany({
    where: { tenantId, recipient: to.toLowerCase() },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    omit: { sealedBody: false },
  });
  return rows.map((row) => {
    const body = JSON.parse(open(row.sealedBody)) as { text: string; html: string | null };
    return { id: row.id, to: row.recipient, subject: row.subject, text: body.text, html: body.html, createdAt: row.createdAt };
  });
}

/** The single-use token from the first `#token=` link in a message. */
export function tokenFromMessage(message: OpenedMessage): string {
  const match = /#token=([A-Za-z0-9_%-]+)/.exec(message.text);
  if (!match?.[1]) throw new Error(`No token link in "${message.subject}"`);
  return decodeURIComponent(match[1]);
}

/** Narrows a sign-in outcome to a session; fails the test when a second factor was asked for. */
export function expectSignedIn<T extends { status: string }>(outcome: T): Extract<T, { status: "signed-in" }> {
  if (outcome.status !== "signed-in") throw new Error(`Expected a session, got ${outcome.status}`);
  return outcome as Extract<T, { status: "signed-in" }>;
}

/**
 * Finishes turning two-step verification on for a user whose first factor waits for its recovery
 * codes (S21), as the owner would: a pending set is issued and one of its codes typed back.
 * Returns the codes, which then sign in once each.
 */
export async function saveRecoveryCodes(tenant: Tenant, userId: string, sessionId?: string): Promise<string[]> {
  const db = getDb();
  const issued = await startTwoStepSetup({ db, tenant, userId });
  await finishTwoStepSetup({ db, tenant, userId, sessionId, setId: issued.setId, code: issued.codes[0]!, context: systemRequestContext });
  return issued.codes;
}
