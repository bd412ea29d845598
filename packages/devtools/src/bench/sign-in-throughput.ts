// `pnpm bench`, sign-in: password sign-ins per second through the real HTTP stack against raw
// argon2id verifications per second of the same stored hash, measured in the same run on the
// same machine. Two ways in, each one HTTP request per sign-in to the production web server
// (apps/web/server.ts, as `pnpm start` runs it):
// - browser: next-auth's credentials callback, through Next.js (CSRF cookie and token, then the
//   tRPC api in-process, core, PostgreSQL);
// - tenant app: the tRPC endpoint `auth.signIn` over HTTP, which the server answers before Next
//   (the api, core, PostgreSQL).
// The target: the stack adds under 15% to the hash itself (docs/benchmarks.md). Beside them, the
// floor: one verify behind a bare node:http server (hash-floor-server.ts), what any HTTP sign-in
// costs at least.
import { verify } from "@node-rs/argon2";
import http from "node:http";
import zlib from "node:zlib";

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

// The load generator shares the 2 cores with the server and the database, so its own CPU per
// request counts against the stack. node:http on a keep-alive agent costs a fraction of what
// fetch (undici, WHATWG streams) does per request; the requests on the wire are the same,
// including the Accept-Encoding every browser and fetch() send (so the server compresses as it
// would for them).
type HttpResponse = { status: number; setCookies: string[]; body: string };

const acceptEncoding = "gzip, deflate, br";

function decode(body: Buffer, encoding: string | undefined): string {
  if (encoding === "gzip") return zlib.gunzipSync(body).toString("utf8");
  if (encoding === "br") return zlib.brotliDecompressSync(body).toString("utf8");
  if (encoding === "deflate") return zlib.inflateSync(body).toString("utf8");
  return body.toString("utf8");
}

const agent = new http.Agent({ keepAlive: true });

function request(url: string, init: { method: "GET" | "POST"; headers?: Record<string, string>; body?: string }): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const body = init.body === undefined ? undefined : Buffer.from(init.body);
    const outgoing = http.request(
      url,
      {
        method: init.method,
        agent,
        headers: { "accept-encoding": acceptEncoding, ...init.headers, ...(body ? { "content-length": String(body.length) } : {}) },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("end", () =>
          resolve({
            status: incoming.statusCode ?? 0,
            setCookies: incoming.headers["set-cookie"] ?? [],
            body: decode(Buffer.concat(chunks), incoming.headers["content-encoding"]),
          }),
        );
        incoming.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

const cookiePair = (setCookie: string) => setCookie.split(";")[0]!;

/** The web app's cookie names (apps/web/src/server/session-cookie.ts): one set per tenant. */
function cookieName(kind: "session" | "device", target: SignInTarget) {
  return target.tenantSlug === "default" ? `rekey.${kind}` : `rekey-${target.tenantSlug}.${kind}`;
}

function tenantBase(target: SignInTarget) {
  return target.tenantSlug === "default" ? target.baseUrl : `${target.baseUrl}/t/${target.tenantSlug}`;
}

/** One browser's worth of next-auth state: the CSRF cookie and token, fetched once. */
export async function nextAuthSignIn(target: SignInTarget) {
  const csrfResponse = await request(`${tenantBase(target)}/api/auth/csrf`, { method: "GET" });
  const { csrfToken } = JSON.parse(csrfResponse.body) as { csrfToken: string };
  const csrfCookie = csrfResponse.setCookies.map(cookiePair).join("; ");
  // Like a browser, keep the device cookie from the first sign-in: a returning browser is the
  // common case, and a new one costs a notice email on top.
  let deviceCookie = "";
  return async () => {
    const response = await request(`${tenantBase(target)}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: [csrfCookie, deviceCookie].filter(Boolean).join("; ") },
      body: new URLSearchParams({ csrfToken, email: target.email, password: target.password, tenant: target.tenantSlug, json: "true" }).toString(),
    });
    const sessionCookie = `${cookieName("session", target)}=`;
    if (!response.setCookies.some((cookie) => cookie.startsWith(sessionCookie) && cookie.split(";")[0]!.length >= sessionCookie.length + 43)) {
      throw new Error(`next-auth sign-in did not set a session cookie (HTTP ${response.status})`);
    }
    const device = response.setCookies.find((cookie) => cookie.startsWith(`${cookieName("device", target)}=`));
    if (device) deviceCookie = cookiePair(device);
  };
}

type TrpcSignInAnswer = { result?: { data?: { json?: { status?: string; sessionToken?: string; deviceToken?: string | null } } } };

/**
 * A tenant app signing its user in through the api: one POST to `auth.signIn` (superjson body).
 * It keeps the device token the first answer hands out and sends it back as the device cookie,
 * the same returning-client case as the browser flow.
 */
export async function trpcSignIn(target: SignInTarget) {
  const body = JSON.stringify({ json: { email: target.email, password: target.password } });
  let deviceCookie = "";
  return async () => {
    const response = await request(`${tenantBase(target)}/api/trpc/auth.signIn`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(deviceCookie ? { cookie: deviceCookie } : {}) },
      body,
    });
    const answer = (response.status === 200 ? JSON.parse(response.body) : null) as TrpcSignInAnswer | null;
    const outcome = answer?.result?.data?.json;
    if (outcome?.status !== "signed-in" || (outcome.sessionToken?.length ?? 0) < 43) {
      throw new Error(`tRPC sign-in did not establish a session (HTTP ${response.status}): ${response.body.slice(0, 200)}`);
    }
    if (outcome.deviceToken) deviceCookie = `${cookieName("device", target)}=${outcome.deviceToken}`;
  };
}

/** One request to the floor server (hash-floor-server.ts): the same body, one verify, no session. */
export async function floorSignIn(target: SignInTarget & { floorUrl: string }) {
  const body = JSON.stringify({ email: target.email, password: target.password });
  return async () => {
    const response = await request(target.floorUrl, { method: "POST", headers: { "content-type": "application/json" }, body });
    if (response.status !== 200) throw new Error(`the floor server refused the password (HTTP ${response.status})`);
  };
}
