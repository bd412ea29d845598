import { afterAll, describe, expect, it } from "vitest";
import { hours, minutes } from "../../src/clock";
import { closeDb } from "../../src/db/client";
import { AppError } from "../../src/errors/app-error";
import { closeJobQueue } from "../../src/outbox/job-queue";
import { relayCodeFailuresPerAttempt } from "../../src/recovery/submit-relay-code";
import {
  createPerson,
  db,
  expectAppError,
  fixedClock,
  inviteAndAccept,
  movableClock,
  ownerWithUsableContacts,
  recoveryRow,
  startRealRecovery,
  startRecovery,
  strangerRelayCode,
  submit,
  tallyCodes,
  view,
  vouch,
} from "./fixtures";

// Someone holding the recovery page types a code twice at once, one of another recovery, an old
// one, or guesses eight digits until one fits; or reads the codes from a copy of the database
// (S2, S6, S24).

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

describe("reading relay codes from a copy of the database (S2)", () => {
  it("stores eight-digit codes only as an HMAC: neither a shown, a used, nor the attempt's token is anywhere in the data", async () => {
    const setup = await ownerWithUsableContacts({ count: 3 });
    const { token, recoveryId } = await startRealRecovery(setup);
    const shown = await vouch(setup, setup.contacts[0]!, recoveryId);
    const used = await vouch(setup, setup.contacts[1]!, recoveryId);
    const replaced = await vouch(setup, setup.contacts[2]!, recoveryId);
    const current = await vouch(setup, setup.contacts[2]!, recoveryId);
    for (const code of [shown, used, replaced, current]) expect(code).toMatch(/^\d{4} \d{4}$/);
    await submit(setup.tenant, token, used, setup.clock);

    const rows = await db.relayCode.findMany({ where: { recoveryId }, select: { codeHash: true, usedAt: true } });
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.codeHash).toMatch(/^[^.]+\.[A-Za-z0-9_-]{43}$/);

    const tables = await db.$queryRaw<{ table_name: string }[]>`
      SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema = 'public'`;
    const dump: string[] = [];
    for (const { table_name: table } of tables) {
      const found = await db.$queryRawUnsafe<{ row: string }[]>(`SELECT row_to_json(t)::text AS row FROM public."${table}" t`);
      dump.push(...found.map((row) => row.row));
    }
    const text = dump.join("\n");
    expect(text).toContain(recoveryId);
    const secrets = [shown, used, replaced, current].flatMap((code) => [code, code.replace(" ", "")]).concat([token]);
    expect(secrets.filter((secret) => text.includes(secret))).toEqual([]);
  });
});

describe("replaying one code", () => {
  it("accepts a code submitted 20 times at once exactly once", async () => {
    const setup = await ownerWithUsableContacts();
    const { token, recoveryId } = await startRealRecovery(setup);
    const code = await vouch(setup, setup.contacts[0]!, recoveryId);

    const results = await Promise.allSettled(Array.from({ length: 20 }, () => submit(setup.tenant, token, code, setup.clock)));
    const tally = tallyCodes(results);
    expect(tally.ok).toBe(1);
    // The other 19 are wrong codes to the server, or refused by the throttle once ten failed.
    expect((tally.INVALID_CREDENTIALS ?? 0) + (tally.RATE_LIMITED ?? 0)).toBe(19);
    await expect(db.relayCode.count({ where: { recoveryId, usedAt: { not: null } } })).resolves.toBe(1);
    await expect(db.auditEvent.count({ where: { tenantId: setup.tenant.id, type: "recovery.code_accepted" } })).resolves.toBe(1);
    expect((await view(setup.tenant, token, setup.clock)).codesAccepted).toBe(1);
  });
});

describe("codes that must not work all get one answer", () => {
  it("refuses a code of another attempt, another account, another tenant, an expired, used, replaced, wrong or malformed code with the same INVALID_CREDENTIALS", async () => {
    const setup = await ownerWithUsableContacts({ count: 3 });
    const { tenant, clock } = setup;
    // An earlier attempt of the same account, left to expire, with a code its contact was shown.
    const earlier = await startRealRecovery(setup);
    const earlierCode = await vouch(setup, setup.contacts[0]!, earlier.recoveryId);
    clock.advance(hours(49));
    const { token, recoveryId } = await startRealRecovery(setup);
    await expect(recoveryRow(earlier.token)).resolves.toMatchObject({ status: "expired" });

    // An account of another tenant, with an open recovery and a code its contact was shown.
    const neighbour = await ownerWithUsableContacts({ start: clock.now() });
    const neighbourRecovery = await startRealRecovery(neighbour);
    const neighbourCode = await vouch(neighbour, neighbour.contacts[0]!, neighbourRecovery.recoveryId);

    const used = await vouch(setup, setup.contacts[0]!, recoveryId);
    await submit(tenant, token, used, clock);
    const replaced = await vouch(setup, setup.contacts[1]!, recoveryId);
    await vouch(setup, setup.contacts[1]!, recoveryId);
    const expiring = await vouch(setup, setup.contacts[2]!, recoveryId);
    const afterExpiry = fixedClock(new Date(clock.now().getTime() + minutes(15) + 1000));

    const attempts: Record<string, { code: string; at: { now(): Date } }> = {
      "another attempt of the account": { code: earlierCode, at: clock },
      "another tenant's recovery": { code: neighbourCode, at: clock },
      expired: { code: expiring, at: afterExpiry },
      used: { code: used, at: clock },
      replaced: { code: replaced, at: clock },
      wrong: { code: strangerRelayCode(), at: clock },
      malformed: { code: "12ab", at: clock },
    };
    const answers: Record<string, string> = {};
    for (const [label, { code, at }] of Object.entries(attempts)) {
      const error = await expectAppError(submit(tenant, token, code, at), "INVALID_CREDENTIALS");
      answers[label] = error.message;
    }
    expect(new Set(Object.values(answers)).size).toBe(1);
    // The expired code is still good before its 15 minutes end: the clock was what refused it.
    await expect(submit(tenant, token, expiring, clock)).resolves.toMatchObject({ codesAccepted: 2 });
    await expect(db.contactRecovery.findUniqueOrThrow({ where: { id: recoveryId }, select: { failedCodes: true, status: true } })).resolves.toEqual({
      failedCodes: Object.keys(attempts).length,
      status: "open",
    });
  });

  it("refuses a code of another account of the same tenant (sharing the same contacts), and any code typed into a decoy, the same way", async () => {
    const setup = await ownerWithUsableContacts();
    const { tenant, clock } = setup;
    const mine = await startRealRecovery(setup);
    // A second owner in the same tenant, with the same two people as contacts.
    const other = await createPerson(tenant);
    const earlier = movableClock(new Date(clock.now().getTime() - hours(24 * 8)));
    for (const contact of setup.contacts) await inviteAndAccept(tenant, other, contact, earlier);
    const theirs = await startRealRecovery({ ...setup, owner: other });
    const theirCode = await vouch(setup, setup.contacts[0]!, theirs.recoveryId);
    const mineError = await expectAppError(submit(tenant, mine.token, theirCode, clock), "INVALID_CREDENTIALS");

    const decoy = await startRecovery(tenant, `nobody-${Date.now()}@example.test`, clock);
    const myCode = await vouch(setup, setup.contacts[1]!, mine.recoveryId);
    const decoyError = await expectAppError(submit(tenant, decoy.token, myCode, clock), "INVALID_CREDENTIALS");
    expect(decoyError.message).toBe(mineError.message);
    // Both codes still work where they belong.
    await expect(submit(tenant, theirs.token, theirCode, clock)).resolves.toMatchObject({ codesAccepted: 1 });
    await expect(submit(tenant, mine.token, myCode, clock)).resolves.toMatchObject({ codesAccepted: 1 });
  });
});

describe("guessing eight digits (S6)", () => {
  it("refuses even the right code once the account's failures reach the tenant's limit", async () => {
    const setup = await ownerWithUsableContacts({ policy: { signIn: { maxFailuresPerAccount: 3 } } });
    const { tenant, clock } = setup;
    const { token, recoveryId } = await startRealRecovery(setup);
    const code = await vouch(setup, setup.contacts[0]!, recoveryId);
    for (let guess = 0; guess < 3; guess += 1) await expectAppError(submit(tenant, token, strangerRelayCode(), clock), "INVALID_CREDENTIALS");

    const refused = await expectAppError(submit(tenant, token, code, clock), "RATE_LIMITED");
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    await expect(db.relayCode.count({ where: { recoveryId, usedAt: { not: null } } })).resolves.toBe(0);
  });

  it("ends the attempt after ten wrong codes, and the back-off follows the account into a new attempt", async () => {
    const setup = await ownerWithUsableContacts();
    const { tenant, clock } = setup;
    const { token, recoveryId } = await startRealRecovery(setup);
    const code = await vouch(setup, setup.contacts[0]!, recoveryId);
    for (let guess = 0; guess < relayCodeFailuresPerAttempt; guess += 1) {
      await expectAppError(submit(tenant, token, strangerRelayCode(), clock), "INVALID_CREDENTIALS");
    }
    await expect(recoveryRow(token)).resolves.toMatchObject({ status: "expired", failedCodes: relayCodeFailuresPerAttempt });
    const ended = await expectAppError(submit(tenant, token, code, clock), "CONFLICT");
    expect(ended.details).toEqual(["expired"]);
    await expect(db.relayCode.count({ where: { recoveryId, usedAt: { not: null } } })).resolves.toBe(0);

    // A fresh attempt does not reset the account's count (S6).
    const fresh = await startRealRecovery(setup);
    const freshCode = await vouch(setup, setup.contacts[0]!, fresh.recoveryId);
    await expectAppError(submit(tenant, fresh.token, freshCode, clock), "RATE_LIMITED");
  });

  it("admits at most the limit of forty wrong codes fired at once; the rest are RATE_LIMITED", async () => {
    const setup = await ownerWithUsableContacts();
    const { tenant, clock } = setup;
    const { token } = await startRealRecovery(setup);
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => submit(tenant, token, strangerRelayCode(), clock)));
    const tally = tallyCodes(results);
    expect(tally.ok).toBeUndefined();
    expect(tally.INVALID_CREDENTIALS).toBeGreaterThanOrEqual(1);
    expect(tally.INVALID_CREDENTIALS).toBeLessThanOrEqual(tenant.policy.signIn.maxFailuresPerAccount);
    expect((tally.INVALID_CREDENTIALS ?? 0) + (tally.RATE_LIMITED ?? 0)).toBe(40);
    const rejected = results.flatMap((result) => (result.status === "rejected" && result.reason instanceof AppError ? [result.reason] : []));
    expect(rejected).toHaveLength(40);
    await expect(recoveryRow(token)).resolves.toMatchObject({ failedCodes: tally.INVALID_CREDENTIALS });
  });
});
