import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { env } from "../../src/env";
import { closeDb, getDb } from "../../src/db/client";
import { open } from "../../src/crypto/secret-box";
import { activateTotpFactor } from "../../src/factors/totp/activate-totp-factor";
import { startTotpEnrolment } from "../../src/factors/totp/start-totp-enrolment";
import { verifyTotpCode } from "../../src/factors/totp/verify-totp-code";
import { closeJobQueue } from "../../src/outbox/job-queue";
import { createTestTenant, createTestUser, findMessagesTo, saveRecoveryCodes } from "../../src/testing";
import { codeAt, pinClockEarlyInStep, seedOf, testContext } from "./fixtures";

// Someone walks off with a backup (S2, S15): with it alone they must not be able to compute a
// single code, so no seed may be stored, logged or mailed in clear or in an obvious encoding.

const db = getDb();

afterEach(() => {
  vi.useRealTimers();
});

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

function seedForms(seed: Uint8Array, base32: string, groups: string): string[] {
  const bytes = Buffer.from(seed);
  return [base32, base32.toLowerCase(), groups, bytes.toString("hex"), bytes.toString("hex").toUpperCase(), bytes.toString("base64"), bytes.toString("base64url")];
}

async function dumpEveryTable(): Promise<string> {
  const tables = await db.$queryRaw<{ table_schema: string; table_name: string }[]>`
    SELECT table_schema, table_name FROM information_schema.tables
    WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`;
  const rows: string[] = [];
  for (const { table_schema: schema, table_name: table } of tables) {
    const found = await db.$queryRawUnsafe<{ row: string }[]>(`SELECT row_to_json(t)::text AS row FROM "${schema}"."${table}" t`);
    rows.push(...found.map((row) => row.row));
  }
  return rows.join("\n");
}

describe("stealing TOTP seeds from a copy of the database", () => {
  it("finds the seed of an enrolled, activated and used app nowhere: not in its row, not in any table, not in mail", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const enrolment = await startTotpEnrolment({ db, tenant, userId: user.id, name: "Phone" });
    pinClockEarlyInStep();
    await activateTotpFactor({ db, tenant, userId: user.id, factorId: enrolment.factorId, code: codeAt(enrolment), context: testContext() });
    await saveRecoveryCodes(tenant, user.id);
    await verifyTotpCode({ db, tenant, userId: user.id, code: codeAt(enrolment, 1), context: testContext() });
    // A replay too, so its audit row and notice are in the scan.
    await verifyTotpCode({ db, tenant, userId: user.id, code: codeAt(enrolment, 1), context: testContext() }).catch(() => undefined);

    const forms = seedForms(seedOf(enrolment), enrolment.secretBase32, enrolment.secretGroups);
    const leaksIn = (text: string) => forms.filter((form) => text.includes(form));

    const [factorRow] = await db.$queryRaw<{ row: string }[]>`SELECT row_to_json(f)::text AS row FROM factor f WHERE id = ${enrolment.factorId}`;
    expect(factorRow?.row).toContain(enrolment.factorId);
    expect(leaksIn(factorRow?.row ?? "")).toEqual([]);
    // What is there is sealed under the configured key, and opens to the seed.
    const { totpSealedSecret } = await db.factor.findUniqueOrThrow({ where: { id: enrolment.factorId }, select: { totpSealedSecret: true } });
    expect(totpSealedSecret).toMatch(new RegExp(`^v1\\.${env().REKEY_ENCRYPTION_KEYS[0]?.id}\\.`));
    expect(open(totpSealedSecret ?? "")).toBe(enrolment.secretBase32);

    const dump = await dumpEveryTable();
    expect(dump).toContain(totpSealedSecret);
    expect(leaksIn(dump)).toEqual([]);

    const mails = await findMessagesTo(tenant.id, user.email);
    expect(mails.map((mail) => mail.subject)).toEqual(
      expect.arrayContaining([expect.stringMatching(/Two-step verification was turned on with an authenticator app \(“Phone”\)/), expect.stringMatching(/A reused code from your authenticator app \("Phone"\) was refused/)]),
    );
    for (const mail of mails) expect(leaksIn(`${mail.subject}\n${mail.text}\n${mail.html ?? ""}`)).toEqual([]);
  });
});
