// The soak's client: node:http on a keep-alive agent (as the sign-in bench's, so the load
// generator's own CPU stays small on the cores it shares), every request bounded in time so a
// hang shows up as a figure, not as a stuck run. Each operation is one thing a person or a tenant
// app does (a sign-in with its second factor is two requests) and returns an Outcome, never
// throws: the phases count and print failures.
import http from "node:http";
import zlib from "node:zlib";
import { TOTP, Secret } from "otpauth";

export type Kind = "password-sign-in" | "session-check" | "security-page" | "totp-sign-in" | "recovery-code-sign-in" | "password-reset-request";

export type Outcome = {
  kind: Kind;
  ok: boolean;
  /** The last HTTP status; 0 when no answer came (refused connection, time bound). */
  status: number;
  ms: number;
  startedAt: number;
  /** What was wrong, with the start of the body, for failures. */
  detail?: string;
};

type Answer = { status: number; setCookies: string[]; body: string };

/** No answer within this is a hang (the fault phase reports the longest wait it saw). */
export const requestTimeoutMs = Number(process.env.REKEY_SOAK_REQUEST_TIMEOUT_MS ?? 30_000);

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function decode(body: Buffer, encoding: string | undefined): string {
  if (encoding === "gzip") return zlib.gunzipSync(body).toString("utf8");
  if (encoding === "br") return zlib.brotliDecompressSync(body).toString("utf8");
  if (encoding === "deflate") return zlib.inflateSync(body).toString("utf8");
  return body.toString("utf8");
}

function request(url: string, init: { method: "GET" | "POST"; headers?: Record<string, string>; body?: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = init.body === undefined ? undefined : Buffer.from(init.body);
    const outgoing = http.request(
      url,
      {
        method: init.method,
        agent,
        timeout: requestTimeoutMs,
        headers: { "accept-encoding": "gzip, deflate, br", ...init.headers, ...(body ? { "content-length": String(body.length) } : {}) },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("end", () => {
          try {
            resolve({ status: incoming.statusCode ?? 0, setCookies: incoming.headers["set-cookie"] ?? [], body: decode(Buffer.concat(chunks), incoming.headers["content-encoding"]) });
          } catch (error) {
            reject(error);
          }
        });
        incoming.on("error", reject);
      },
    );
    outgoing.on("timeout", () => outgoing.destroy(new Error(`no answer within ${requestTimeoutMs} ms`)));
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

export type SoakTarget = { baseUrl: string; slug: string; password: string };

export type SecondFactorAccount = { email: string; totpSecret: string; lastTotpStep: number; recoveryCodes: string[] };

/** The web app's cookie names for a tenant (apps/web/src/server/session-cookie.ts; plain http, so no `__Host-`). */
export function cookieName(kind: "session" | "device" | "challenge", slug: string) {
  return slug === "default" ? `rekey.${kind}` : `rekey-${slug}.${kind}`;
}

function tenantBase(target: SoakTarget) {
  return target.slug === "default" ? target.baseUrl : `${target.baseUrl}/t/${target.slug}`;
}

type TrpcData<T> = { result?: { data?: { json?: T } } };

function trpcData<T>(answer: Answer): T | null {
  if (answer.status !== 200) return null;
  try {
    return (JSON.parse(answer.body) as TrpcData<T>).result?.data?.json ?? null;
  } catch {
    return null;
  }
}

async function timed(kind: Kind, run: () => Promise<{ ok: boolean; status: number; detail?: string }>): Promise<Outcome> {
  const startedAt = performance.now();
  try {
    const result = await run();
    return { kind, ...result, ms: performance.now() - startedAt, startedAt };
  } catch (error) {
    return { kind, ok: false, status: 0, detail: error instanceof Error ? error.message : String(error), ms: performance.now() - startedAt, startedAt };
  }
}

/** What an error answer must never carry (S3): SQL, driver or Prisma text, a stack, a connection string. */
const leakPattern = /prisma|postgres(ql)?:\/\/|ECONNREFUSED|Can't reach database|database system is|invocation|\bat [\w.<>]+ \(\/|SELECT |INSERT |UPDATE /i;

const failed = (answer: Answer, what: string) => ({
  ok: false,
  status: answer.status,
  detail: `${leakPattern.test(answer.body) ? "[LEAKS INTERNALS] " : ""}${what}: ${answer.body.slice(0, 300)}`,
});

type SignInAnswer = { status?: string; sessionToken?: string; deviceToken?: string | null; challengeToken?: string };

/**
 * Clients of one tenant. Device cookies are kept per account (a returning browser, the common
 * case; a new device costs a notice mail), and every request carries its own client address in
 * X-Forwarded-For, as the one proxy in front (TRUST_PROXY=1) would append it.
 */
export function soakClient(target: SoakTarget) {
  const devices = new Map<string, string>();
  const sessions: string[] = [];
  const post = (procedure: string, input: unknown, ip: string, cookies: string[] = []) =>
    request(`${tenantBase(target)}/api/trpc/${procedure}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": ip, ...(cookies.length > 0 ? { cookie: cookies.join("; ") } : {}) },
      body: JSON.stringify({ json: input }),
    });
  const deviceCookie = (email: string) => {
    const token = devices.get(email);
    return token ? [`${cookieName("device", target.slug)}=${token}`] : [];
  };
  const keepSession = (token: string) => {
    sessions.push(token);
    if (sessions.length > 200) sessions.shift();
  };
  const anySession = () => sessions[Math.floor(Math.random() * sessions.length)];

  const passwordSignIn = (email: string, ip: string) =>
    timed("password-sign-in", async () => {
      const answer = await post("auth.signIn", { email, password: target.password }, ip, deviceCookie(email));
      const outcome = trpcData<SignInAnswer>(answer);
      if (outcome?.status !== "signed-in" || !outcome.sessionToken) return failed(answer, "no session");
      if (outcome.deviceToken) devices.set(email, outcome.deviceToken);
      keepSession(outcome.sessionToken);
      return { ok: true, status: answer.status };
    });

  /** Password, then the second factor on the challenge the first answer handed out. */
  const secondFactorSignIn = (kind: "totp-sign-in" | "recovery-code-sign-in", email: string, proof: () => { method: "totp" | "recovery_code"; code: string }, ip: string) =>
    timed(kind, async () => {
      const first = await post("auth.signIn", { email, password: target.password }, ip, deviceCookie(email));
      const challenge = trpcData<SignInAnswer>(first);
      if (challenge?.status !== "second-factor-required" || !challenge.challengeToken) return failed(first, "no second-factor challenge");
      const second = await post("challenge.complete", { proof: proof() }, ip, [...deviceCookie(email), `${cookieName("challenge", target.slug)}=${challenge.challengeToken}`]);
      const outcome = trpcData<SignInAnswer>(second);
      if (outcome?.status !== "signed-in" || !outcome.sessionToken) return failed(second, `second factor refused`);
      if (outcome.deviceToken) devices.set(email, outcome.deviceToken);
      keepSession(outcome.sessionToken);
      return { ok: true, status: second.status };
    });

  const sessionCheck = (ip: string) =>
    timed("session-check", async () => {
      const token = anySession();
      if (!token) return { ok: false, status: 0, detail: "no session to check yet" };
      const answer = await request(`${tenantBase(target)}/api/trpc/auth.session`, {
        method: "GET",
        headers: { "x-forwarded-for": ip, cookie: `${cookieName("session", target.slug)}=${token}` },
      });
      const session = trpcData<{ user?: { id: string } } | null>(answer);
      if (!session?.user) return failed(answer, "no signed-in session");
      return { ok: true, status: answer.status };
    });

  const securityPage = (ip: string) =>
    timed("security-page", async () => {
      const token = anySession();
      if (!token) return { ok: false, status: 0, detail: "no session yet" };
      const answer = await request(`${tenantBase(target)}/security`, {
        method: "GET",
        headers: { accept: "text/html", "x-forwarded-for": ip, cookie: `${cookieName("session", target.slug)}=${token}` },
      });
      // A signed-out visitor is redirected to sign-in; a signed-in one gets the page.
      if (answer.status !== 200 || !/<html/i.test(answer.body)) return failed(answer, "not the security page");
      return { ok: true, status: answer.status };
    });

  const passwordResetRequest = (email: string, ip: string) =>
    timed("password-reset-request", async () => {
      const answer = await post("password.requestReset", { email }, ip);
      if (trpcData<{ status?: string }>(answer)?.status !== "check-your-email") return failed(answer, "not accepted");
      return { ok: true, status: answer.status };
    });

  return { passwordSignIn, secondFactorSignIn, sessionCheck, securityPage, passwordResetRequest, hasSessions: () => sessions.length > 0 };
}

/** The code an authenticator app shows for `step` (30 s steps, 6 digits, SHA-1: core's totp-parameters.ts). */
export function totpCode(secretBase32: string, step: number) {
  return new TOTP({ secret: Secret.fromBase32(secretBase32), algorithm: "SHA1", digits: 6, period: 30 }).generate({ timestamp: step * 30_000 });
}

export const totpStepNow = () => Math.floor(Date.now() / 30_000);

/** A raw sign-in for the burst: its status and the first of its body, no cookies. */
export async function rawSignIn(target: SoakTarget, email: string, password: string, ip: string): Promise<{ status: number; body: string; ms: number }> {
  const startedAt = performance.now();
  try {
    const answer = await request(`${tenantBase(target)}/api/trpc/auth.signIn`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": ip },
      body: JSON.stringify({ json: { email, password } }),
    });
    return { status: answer.status, body: answer.body, ms: performance.now() - startedAt };
  } catch (error) {
    return { status: 0, body: error instanceof Error ? error.message : String(error), ms: performance.now() - startedAt };
  }
}
