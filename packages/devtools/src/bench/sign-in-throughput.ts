// `pnpm bench`, sign-in: password sign-ins per second through the real HTTP stack (next start,
// next-auth's credentials callback, the tRPC api, core, PostgreSQL) against raw argon2id
// verifications per second of the same stored hash, measured in the same run on the same
// machine. The target: the stack adds under 15% to the hash itself (docs/benchmarks.md).
import { verify } from "@node-rs/argon2";

export type Throughput = { operations: number; seconds: number; perSecond: number };

export type SignInTarget = { baseUrl: string; tenantSlug: string; email: string; password: string; passwordHash: string };

/** Runs `operation` from `concurrency` loops for `seconds`; every operation must succeed. */
export async function measure(concurrency: number, seconds: number, operation: () => Promise<void>): Promise<Throughput> {
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let operations = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await operation();
        operations += 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { operations, seconds: elapsed, perSecond: operations / elapsed };
}

export function rawVerify(target: SignInTarget) {
  return async () => {
    if (!(await verify(target.passwordHash, target.password))) throw new Error("argon2 verify failed");
  };
}

function authBase(target: SignInTarget) {
  return target.tenantSlug === "default" ? `${target.baseUrl}/api/auth` : `${target.baseUrl}/t/${target.tenantSlug}/api/auth`;
}

/** One browser's worth of next-auth state: the CSRF cookie and token, fetched once. */
export async function httpSignIn(target: SignInTarget) {
  const csrfResponse = await fetch(`${authBase(target)}/csrf`);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const csrfCookie = (csrfResponse.headers.getSetCookie() ?? []).map((cookie) => cookie.split(";")[0]).join("; ");
  // Like a browser, keep the device cookie from the first sign-in: a returning browser is the
  // common case, and a new one costs a notice email on top.
  let deviceCookie = "";
  return async () => {
    const response = await fetch(`${authBase(target)}/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: [csrfCookie, deviceCookie].filter(Boolean).join("; ") },
      body: new URLSearchParams({ csrfToken, email: target.email, password: target.password, tenant: target.tenantSlug, json: "true" }),
    });
    await response.arrayBuffer();
    const setCookies = response.headers.getSetCookie();
    if (!setCookies.some((cookie) => /rekey\.session=[^;]{43,}/.test(cookie))) {
      throw new Error(`sign-in did not set a session cookie (HTTP ${response.status})`);
    }
    const device = setCookies.find((cookie) => /rekey\.device=/.test(cookie));
    if (device) deviceCookie = device.split(";")[0]!;
  };
}
