import type { Db, DbOrTx } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError } from "../errors/app-error";
import { newId } from "../ids";
import { hashPassword } from "../passwords/hash-password";
import { assertAcceptablePassword } from "../passwords/assert-acceptable-password";
import { normalizeEmail } from "./normalize-email";

export type CreateAccountOptions = {
  db: Db;
  tenantId: string;
  email: string;
  name: string;
  password: string;
  /** Seeded and staff-created accounts may start verified; sign-up never does. */
  emailVerified?: boolean;
  context: RequestContext;
};

/** Creates a verified or unverified account directly (seed, tests, staff tools). */
export async function createAccount(options: CreateAccountOptions): Promise<{ id: string }> {
  const { db, ...rest } = options;
  assertAcceptablePassword({ password: rest.password, userInputs: [rest.email, rest.name] });
  const passwordHash = await hashPassword(rest.password);
  return db.$transaction((tx) => insertAccount({ db: tx, ...rest, passwordHash }));
}

export type InsertAccountOptions = Omit<CreateAccountOptions, "db" | "password"> & { db: DbOrTx; passwordHash: string };

/** The insert and its audit row, for callers that already hold a transaction and a hash. */
export async function insertAccount(options: InsertAccountOptions): Promise<{ id: string }> {
  const { db, tenantId, name, passwordHash, emailVerified = false, context } = options;
  const email = normalizeEmail(options.email);
  const existing = await db.user.findUnique({ where: { tenantId_email: { tenantId, email } }, select: { id: true } });
  if (existing) throw new AppError("CONFLICT", "An account with this email already exists.");
  const user = await db.user.create({
    data: { id: newId("user"), tenantId, email, name: name.trim(), passwordHash, emailVerifiedAt: emailVerified ? new Date() : null },
    select: { id: true },
  });
  await recordAuditEvent({ db, tenantId, userId: user.id, actor: { type: "user", id: user.id }, type: "account.signed_up", context });
  return user;
}
