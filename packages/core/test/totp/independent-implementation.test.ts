import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { closeDb, getDb } from "../../src/db/client";
import { activateTotpFactor } from "../../src/factors/totp/activate-totp-factor";
import { startTotpEnrolment, type TotpEnrolment } from "../../src/factors/totp/start-totp-enrolment";
import { generateTotpAt } from "../../src/factors/totp/totp-parameters";
import { verifyTotpCode } from "../../src/factors/totp/verify-totp-code";
import { closeJobQueue } from "../../src/outbox/job-queue";
import { createTestTenant, createTestUser, saveRecoveryCodes } from "../../src/testing";
import { pinClockEarlyInStep, seedOf, testContext } from "./fixtures";

// Our codes must be the ones a real authenticator app shows. oathtool (OATH Toolkit, a C
// implementation unrelated to the otpauth package) plays the app: it reads the key we hand out.

const run = promisify(execFile);
const db = getDb();
let oathtoolMissing: string | null = null;

beforeAll(async () => {
  oathtoolMissing = await run("oathtool", ["--version"]).then(
    () => null,
    (error: unknown) => `oathtool is not installed (${error instanceof Error ? error.message : String(error)}); .ci/run installs it with apt-get install oathtool`,
  );
});

afterEach(() => {
  vi.useRealTimers();
});

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

async function oathtool(enrolment: TotpEnrolment, at?: Date): Promise<string> {
  const args = ["--totp", "-b"];
  // oathtool's -N takes a date it parses like date(1); "@<seconds>" is the unambiguous form.
  if (at) args.push("-N", `@${Math.floor(at.getTime() / 1000)}`);
  // The grouped key, as a person would type it from the page.
  args.push(enrolment.secretGroups.replace(/ /g, ""));
  const { stdout } = await run("oathtool", args);
  return stdout.trim();
}

describe("an independent TOTP implementation (oathtool) agrees with ours", () => {
  it("on the enrolment key, at fixed times across the years", async (context) => {
    if (oathtoolMissing) return context.skip(oathtoolMissing);
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const enrolment = await startTotpEnrolment({ db, tenant, userId: user.id });
    for (const seconds of [59, 1_111_111_109, 1_234_567_890, 1_700_000_000, 2_000_000_000, 4_102_444_800]) {
      const at = new Date(seconds * 1000);
      expect(await oathtool(enrolment, at), `at ${seconds}`).toBe(generateTotpAt(seedOf(enrolment), at));
    }
  });

  it("on the code for now: oathtool's code activates the factor and later signs in", async (context) => {
    if (oathtoolMissing) return context.skip(oathtoolMissing);
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const enrolment = await startTotpEnrolment({ db, tenant, userId: user.id });
    const step = pinClockEarlyInStep();
    const now = new Date();
    await expect(
      activateTotpFactor({ db, tenant, userId: user.id, factorId: enrolment.factorId, code: await oathtool(enrolment, now), context: testContext() }),
    ).resolves.toEqual({ factorId: enrolment.factorId, status: "awaiting-recovery-codes" });
    await saveRecoveryCodes(tenant, user.id);

    const nextStep = new Date((step + 1) * 30_000 + 5_000);
    vi.setSystemTime(nextStep);
    await expect(verifyTotpCode({ db, tenant, userId: user.id, code: await oathtool(enrolment, nextStep), context: testContext() })).resolves.toEqual({
      factorId: enrolment.factorId,
    });
  });

  it("on the real current time, with no clock pinned", async (context) => {
    if (oathtoolMissing) return context.skip(oathtoolMissing);
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const enrolment = await startTotpEnrolment({ db, tenant, userId: user.id });
    const before = generateTotpAt(seedOf(enrolment), new Date());
    const theirs = await oathtool(enrolment);
    const after = generateTotpAt(seedOf(enrolment), new Date());
    // The step may change while oathtool runs: it must then match one side of the change.
    expect([before, after]).toContain(theirs);
  });
});
