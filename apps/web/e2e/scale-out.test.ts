// The service as several processes on one PostgreSQL: a second web server and a second worker,
// started here with the suite's environment beside the suite's own. What one web process decides
// (a spent attempt, a used link, a step-up, a revoked session) holds on the other at once, a mail
// job goes out once whichever worker takes it, and a web process killed under load loses nothing
// it had answered for. Calls go over HTTP as a tenant app's would (tenant-api.test.ts).
import { randomBytes } from "node:crypto";
import type { AppRouter } from "@rekey/api";
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, inject, test, vi } from "vitest";
import { ageLastProof } from "./support/database";
import { queryRows } from "./support/database-rows";
import { mailTo, tokenLink, tokenOf, waitForMail } from "./support/mailbox";
import { startWebInstance, startWorkerInstance, type WebInstance, type WorkerInstance } from "./support/more-instances";
import { newPerson, strongPassword, tenantPath, type Person } from "./support/people";
import { stopService } from "./support/processes";

const tenant = "demo";
/** The demo tenant's `signIn.maxFailuresPerAccount` (the policy's default). */
const failuresPerAccount = 10;

let webB: WebInstance | undefined;
let workerB: WorkerInstance | undefined;

beforeAll(async () => {
  [webB, workerB] = await Promise.all([startWebInstance("web-b"), startWorkerInstance("worker-b")]);
}, 120_000);

afterAll(async () => {
  await Promise.all([webB && stopService(webB.service, 10_000), workerB && stopService(workerB.service, 15_000)]);
});

/** The suite's web server and the second one. */
function servers() {
  if (!webB) throw new Error("the second web server did not start");
  return { a: inject("e2e").baseUrl, b: webB.baseUrl };
}

function apiUrl(baseUrl: string) {
  return `${baseUrl}${tenantPath(tenant, "/api/trpc")}`;
}

/** The hosted API of one web process, as a tenant app's backend calls it; with a session, as that person. */
function api(baseUrl: string, sessionToken?: string) {
  const headers: Record<string, string> = sessionToken ? { cookie: `rekey-${tenant}.session=${sessionToken}` } : {};
  return createTRPCClient<AppRouter>({ links: [httpLink({ url: apiUrl(baseUrl), transformer: superjson, headers })] });
}

type Outcome = { httpStatus: number | undefined; appCode: string | null | undefined };

/** What a call answered: 200, or the refusal's status and code. */
async function outcomeOf(call: Promise<unknown>): Promise<Outcome> {
  try {
    await call;
    return { httpStatus: 200, appCode: undefined };
  } catch (error) {
    if (!(error instanceof TRPCClientError)) throw error;
    const { data } = error as TRPCClientError<AppRouter>;
    return { httpStatus: data?.httpStatus, appCode: data?.appCode };
  }
}

const invalidCredentials: Outcome = { httpStatus: 401, appCode: "INVALID_CREDENTIALS" };
const rateLimited: Outcome = { httpStatus: 429, appCode: "RATE_LIMITED" };

/** Signs up through `signUpAt` and confirms the email through `confirmAt`. */
async function confirmedPerson(label: string, signUpAt: string, confirmAt: string): Promise<Person> {
  const person = newPerson(label, tenant);
  await api(signUpAt).account.signUp.mutate({ name: person.name, email: person.email, password: person.password });
  const token = tokenOf(tokenLink(await waitForMail(person.email, /^Confirm your email for /)));
  await api(confirmAt).account.verifyEmail.mutate({ token });
  return person;
}

async function signIn(baseUrl: string, person: Pick<Person, "email" | "password">): Promise<string> {
  const answer = await api(baseUrl).auth.signIn.mutate({ email: person.email, password: person.password });
  if (answer.status !== "signed-in") throw new Error(`expected a session, got ${answer.status}`);
  return answer.sessionToken;
}

describe("two web processes share one budget of sign-in attempts", () => {
  test("wrong passwords alternating between the processes are stopped after the one budget of a single server", async () => {
    const { a, b } = servers();
    const person = await confirmedPerson("alternating-guesses", a, b);
    const wrong = { email: person.email, password: "not the password at all" };

    const answers: Outcome[] = [];
    for (let attempt = 0; attempt < failuresPerAccount; attempt += 1) {
      answers.push(await outcomeOf(api(attempt % 2 === 0 ? a : b).auth.signIn.mutate(wrong)));
    }
    expect(answers).toEqual(Array.from({ length: failuresPerAccount }, () => invalidCredentials));

    // The budget is spent on both: the next guess and even the right password wait out the back-off.
    expect(await outcomeOf(api(a).auth.signIn.mutate(wrong))).toEqual(rateLimited);
    expect(await outcomeOf(api(b).auth.signIn.mutate(wrong))).toEqual(rateLimited);
    expect(await outcomeOf(api(b).auth.signIn.mutate({ email: person.email, password: person.password }))).toEqual(rateLimited);
    expect(await outcomeOf(api(a).auth.signIn.mutate({ email: person.email, password: person.password }))).toEqual(rateLimited);
  });

  test("four times the budget fired at once, split over both processes, is checked exactly budget times", async () => {
    const { a, b } = servers();
    const person = await confirmedPerson("burst-of-guesses", b, a);
    const wrong = { email: person.email, password: "not the password at all" };

    const answers = await Promise.all(
      Array.from({ length: 4 * failuresPerAccount }, (_, index) => outcomeOf(api(index % 2 === 0 ? a : b).auth.signIn.mutate(wrong))),
    );
    expect(answers.filter((answer) => answer.appCode === "INVALID_CREDENTIALS")).toHaveLength(failuresPerAccount);
    expect(answers.filter((answer) => answer.appCode === "RATE_LIMITED")).toHaveLength(3 * failuresPerAccount);
    expect(await outcomeOf(api(b).auth.signIn.mutate({ email: person.email, password: person.password }))).toEqual(rateLimited);
  });
});

test("a password reset link used through one process is refused through the other, also when both get it at once", async () => {
  const { a, b } = servers();
  const person = await confirmedPerson("reset-link", a, a);
  await api(b).password.requestReset.mutate({ email: person.email });
  const token = tokenOf(tokenLink(await waitForMail(person.email, /^Reset your .* password$/)));

  // Four uses of one link at once, two through each process, each setting its own password.
  const attempts = Array.from({ length: 4 }, (_, index) => ({ via: index % 2 === 0 ? a : b, newPassword: strongPassword() }));
  const answers = await Promise.all(attempts.map(({ via, newPassword }) => outcomeOf(api(via).password.reset.mutate({ token, newPassword }))));
  const accepted = attempts.filter((_, index) => answers[index]?.httpStatus === 200);
  expect(accepted).toHaveLength(1);
  expect(answers.filter((answer) => answer.appCode === "TOKEN_INVALID")).toHaveLength(3);

  // Used is used, on either process, and only the one accepted password took effect.
  const winner = accepted[0]!;
  const other = winner.via === a ? b : a;
  expect(await outcomeOf(api(other).password.reset.mutate({ token, newPassword: strongPassword() }))).toEqual({ httpStatus: 400, appCode: "TOKEN_INVALID" });
  expect(await outcomeOf(api(winner.via).password.reset.mutate({ token, newPassword: strongPassword() }))).toEqual({ httpStatus: 400, appCode: "TOKEN_INVALID" });
  const loser = attempts.find((attempt) => attempt !== winner)!;
  expect(await outcomeOf(api(other).auth.signIn.mutate({ email: person.email, password: loser.newPassword }))).toEqual(invalidCredentials);
  await signIn(other, { email: person.email, password: winner.newPassword });
});

test("a step-up made through one process counts on the other, and the token it replaced is dead there at once", async () => {
  const { a, b } = servers();
  const person = await confirmedPerson("step-up", b, a);
  const signedIn = await signIn(a, person);
  // Process B has seen the session before: nothing it might keep of it may outlive what A changes.
  expect((await api(b, signedIn).auth.session.query())?.user.email).toBe(person.email);

  // The sign-in is past the step-up window (10 minutes by the policy's default).
  expect(await ageLastProof(person.email, 15)).toBe(1);
  const newPassword = strongPassword();
  const change = { currentPassword: person.password, newPassword };
  expect(await outcomeOf(api(b, signedIn).password.change.mutate(change))).toEqual({ httpStatus: 403, appCode: "STEP_UP_REQUIRED" });

  const { sessionToken: steppedUp } = await api(a, signedIn).auth.stepUp.mutate({ proof: { method: "password", password: person.password } });
  expect(await api(b, signedIn).auth.session.query()).toBeNull();
  expect(await api(b, steppedUp).password.change.mutate(change)).toEqual({ signedOutOtherSessions: 0 });
  await signIn(a, { email: person.email, password: newPassword });
});

test("a session revoked through one process is refused by the other on its very next request", async () => {
  const { a, b } = servers();
  const person = await confirmedPerson("revoked", a, b);
  const laptop = await signIn(a, person);
  const phone = await signIn(b, person);
  // Both sessions have been used through both processes before anything is revoked.
  for (const baseUrl of [a, b]) {
    expect((await api(baseUrl, phone).auth.session.query())?.user.email).toBe(person.email);
    expect(await api(baseUrl, laptop).devices.list.query()).toHaveLength(2);
  }

  const devices = await api(a, laptop).devices.list.query();
  const phoneSession = devices.find((device) => !device.isCurrent);
  if (!phoneSession) throw new Error("the phone's session is not listed");
  await api(a, laptop).devices.revoke.mutate({ sessionId: phoneSession.id });
  expect(await api(b, phone).auth.session.query()).toBeNull();
  expect(await outcomeOf(api(b, phone).devices.list.query())).toEqual({ httpStatus: 401, appCode: "UNAUTHENTICATED" });
  expect(await api(b, laptop).devices.list.query()).toHaveLength(1);

  // Signing out through A ends the laptop's session on B as well.
  await api(a, laptop).auth.signOut.mutate();
  expect(await api(b, laptop).auth.session.query()).toBeNull();
  expect(await outcomeOf(api(b, laptop).auth.signOut.mutate())).toEqual({ httpStatus: 401, appCode: "UNAUTHENTICATED" });
});

/** Resolves once every address has a mail whose subject matches. */
async function waitForMailToAll(addresses: string[], subject: RegExp) {
  await vi.waitFor(
    () => {
      const missing = addresses.filter((address) => !mailTo(address).some((mail) => subject.test(mail.subject)));
      if (missing.length > 0) throw new Error(`no mail like ${subject} yet to ${missing.join(", ")}`);
    },
    { timeout: 45_000, interval: 250 },
  );
}

test("with two workers on the outbox, each of a burst of mails is delivered exactly once, some by each worker", async () => {
  const { a, b } = servers();
  const people = Array.from({ length: 10 }, (_, index) => newPerson(`once-${index}`, tenant));
  const addresses = people.map((person) => person.email.toLowerCase());
  // The accounts first, two sign-ups at a time, one through each process.
  for (let index = 0; index < people.length; index += 2) {
    await Promise.all(
      [a, b].map((via, offset) => {
        const person = people[index + offset]!;
        return api(via).account.signUp.mutate({ name: person.name, email: person.email, password: person.password });
      }),
    );
  }
  await waitForMailToAll(addresses, /^Confirm your email for /);

  // The burst: every reset link asked for at once, half through each process. Each worker takes
  // one job per poller every two seconds, so both find jobs waiting.
  const linesBefore = workerB!.deliveredTo().length;
  await Promise.all(people.map((person, index) => api(index % 2 === 0 ? a : b).password.requestReset.mutate({ email: person.email })));
  await waitForMailToAll(addresses, /^Reset your .* password$/);
  // A second delivery of a job would come at a worker's next poll, two seconds on.
  await new Promise((resolve) => setTimeout(resolve, 3_000));

  for (const address of addresses) {
    expect(mailTo(address).map((mail) => mail.subject), address).toEqual([expect.stringMatching(/^Confirm your email for /), expect.stringMatching(/^Reset your .* password$/)]);
  }
  const rows = await queryRows<{ status: string; attempts: number }>(`SELECT status, attempts FROM outbox_message WHERE recipient = ANY($1)`, [addresses]);
  expect(rows).toEqual(addresses.flatMap(() => [{ status: "sent", attempts: 1 }, { status: "sent", attempts: 1 }]));

  // The second worker delivered some of the burst, so the suite's worker delivered the rest.
  const burstByWorkerB = workerB!.deliveredTo().slice(linesBefore).filter((address) => addresses.includes(address));
  expect(burstByWorkerB.length).toBeGreaterThan(0);
  expect(burstByWorkerB.length).toBeLessThan(addresses.length);
}, 90_000);

test("a worker stopped with SIGTERM in the middle of a burst finishes what it took, exits 0, and no mail is lost or sent twice", async () => {
  const { a, b } = servers();
  const workerC = await startWorkerInstance("worker-c");
  let stopped: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;
  try {
    const people = Array.from({ length: 8 }, (_, index) => newPerson(`drain-${index}`, tenant));
    const addresses = people.map((person) => person.email.toLowerCase());
    for (let index = 0; index < people.length; index += 2) {
      await Promise.all(
        [a, b].map((via, offset) => {
          const person = people[index + offset]!;
          return api(via).account.signUp.mutate({ name: person.name, email: person.email, password: person.password });
        }),
      );
    }
    await waitForMailToAll(addresses, /^Confirm your email for /);

    // The burst, then the stop as soon as the third worker has handed its first message over.
    const handedBefore = workerC.deliveredTo().length;
    await Promise.all(people.map((person, index) => api(index % 2 === 0 ? a : b).password.requestReset.mutate({ email: person.email })));
    await vi.waitFor(() => expect(workerC.deliveredTo().length).toBeGreaterThan(handedBefore), { timeout: 30_000, interval: 50 });
    stopped = stopService(workerC.service, 20_000).then(() => workerC.service.exited);
    expect(await stopped).toEqual({ code: 0, signal: null });

    await waitForMailToAll(addresses, /^Reset your .* password$/);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    for (const address of addresses) {
      expect(mailTo(address).map((mail) => mail.subject), address).toEqual([expect.stringMatching(/^Confirm your email for /), expect.stringMatching(/^Reset your .* password$/)]);
    }
    const rows = await queryRows<{ status: string }>(`SELECT status FROM outbox_message WHERE recipient = ANY($1)`, [addresses]);
    expect(rows.map((row) => row.status)).toEqual(addresses.flatMap(() => ["sent", "sent"]));
  } finally {
    if (!stopped) await stopService(workerC.service, 20_000);
  }
}, 120_000);

type Request = { via: "a" | "b"; email: string; startedAt: number; endedAt: number; status: number | "no answer" };

test("killing one web process under a load of sign-ups loses no sign-up either process accepted, and the other keeps accepting", async () => {
  const { a, b } = servers();
  const run = randomBytes(3).toString("hex");
  const requests: Request[] = [];
  let killedAt = Number.POSITIVE_INFINITY;
  let stopping = false;
  let sequence = 0;

  async function signUpLoop(via: "a" | "b") {
    while (!stopping) {
      const email = `kill-${run}-${(sequence += 1)}@example.com`;
      const startedAt = Date.now();
      const response = await fetch(`${apiUrl(via === "a" ? a : b)}/account.signUp`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ json: { name: "Ada Load", email, password: strongPassword() } }),
      }).catch(() => null);
      // The body is read to the end, so an answer cut off by the kill counts as none.
      const status = response ? await response.text().then(() => response.status, () => "no answer" as const) : "no answer";
      requests.push({ via, email, startedAt, endedAt: Date.now(), status });
      // A dead server refuses at once; no need to spin on it.
      if (status === "no answer") await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  const loops = [signUpLoop("a"), signUpLoop("b")];

  const accepted = (via: "a" | "b", after = 0) => requests.filter((request) => request.via === via && request.status === 200 && request.startedAt >= after).length;
  try {
    await vi.waitFor(() => expect(accepted("b")).toBeGreaterThanOrEqual(2), { timeout: 30_000, interval: 50 });
    killedAt = Date.now();
    process.kill(-webB!.service.child.pid!, "SIGKILL");
    await webB!.service.exited;
    await vi.waitFor(() => expect(accepted("a", killedAt)).toBeGreaterThanOrEqual(2), { timeout: 30_000, interval: 50 });
  } finally {
    stopping = true;
    await Promise.all(loops);
  }

  const toB = requests.filter((request) => request.via === "b");
  // The kill landed mid-load: B was answering sign-ups, and at least one was in flight when it died.
  expect(toB.filter((request) => request.startedAt < killedAt && request.endedAt > killedAt && request.status === "no answer").length).toBeGreaterThan(0);
  expect(toB.filter((request) => request.startedAt > killedAt).every((request) => request.status === "no answer")).toBe(true);
  // Every request to A was accepted, before and after B died.
  expect(requests.filter((request) => request.via === "a").map((request) => request.status)).toEqual(
    requests.filter((request) => request.via === "a").map(() => 200),
  );

  // Every accepted sign-up is an account with its confirmation mail queued; one cut off by the
  // kill is all there or not there at all.
  const tried = requests.map((request) => request.email);
  const accounts = await queryRows<{ email: string }>(
    `SELECT u.email FROM "user" u JOIN tenant t ON t.id = u."tenantId" WHERE t.slug = $1 AND u.email = ANY($2)`,
    [tenant, tried],
  );
  const queued = await queryRows<{ recipient: string }>(`SELECT recipient FROM outbox_message WHERE recipient = ANY($1) AND subject LIKE 'Confirm your email for %'`, [tried]);
  const acceptedEmails = requests.filter((request) => request.status === 200).map((request) => request.email);
  const stored = new Set(accounts.map((row) => row.email));
  expect(acceptedEmails.filter((email) => !stored.has(email))).toEqual([]);
  expect([...stored].sort()).toEqual(queued.map((row) => row.recipient).sort());
  expect(requests.filter((request) => request.status !== 200 && request.status !== "no answer")).toEqual([]);
}, 90_000);
