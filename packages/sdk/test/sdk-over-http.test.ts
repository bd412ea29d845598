import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSessionHandoff, generateApiKey, revokeSession, verifySession } from "@rekey/core";
import { getDb } from "@rekey/core/db";
import { createRekeyClient, RekeyConfigurationError, TRPCClientError, verifyRequest, type RekeyApiError, type RekeyClient, type VerifyRequestOptions } from "../src";
import { signedInPerson, startTenantApi, tenantWithKey, type TenantWithKey } from "./support/tenant-api-server";

// The SDK as a tenant app uses it (the README's example), against a real tenant API over HTTP.

let api: Awaited<ReturnType<typeof startTenantApi>>;
let apps: Server[] = [];

beforeAll(async () => {
  api = await startTenantApi();
});

afterAll(async () => {
  await Promise.all(apps.map((app) => new Promise((resolve) => app.close(resolve))));
  await api.close();
});

/** The README's tenant app: a node:http server that greets whoever its session cookie says. */
async function startTenantApp(rekey: RekeyClient, options: Omit<VerifyRequestOptions, "client"> = {}) {
  const app = createServer(async (req, res) => {
    const session = await verifyRequest(req, { client: rekey, ...options });
    if (!session.active) {
      res.writeHead(401).end("Sign in first");
      return;
    }
    res.end(`Signed in as ${session.email}`);
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  apps.push(app);
  return `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
}

/** A fetch that counts the calls it makes to Rekey. */
function countingFetch() {
  const counter = { calls: 0, fetch: ((input: RequestInfo | URL, init?: RequestInit) => {
    counter.calls += 1;
    return fetch(input, init);
  }) as typeof fetch };
  return counter;
}

async function refusal(call: Promise<unknown>) {
  const error = await call.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(TRPCClientError);
  const { message, data } = error as RekeyApiError;
  return { message, code: data?.code, appCode: data?.appCode, details: data?.details };
}

describe("a tenant app on the SDK", () => {
  let tenant: TenantWithKey;
  beforeAll(async () => {
    tenant = await tenantWithKey(["sessions:read", "sessions:write"], { api: { returnOrigins: ["https://app.example.test"] } });
  });

  it("greets a person by the session cookie it set, and turns away a request without one", async () => {
    const person = await signedInPerson(tenant.tenant);
    const rekey = createRekeyClient({ baseUrl: api.baseUrl, apiKey: tenant.key });
    const app = await startTenantApp(rekey);
    const signedIn = await fetch(app, { headers: { cookie: `theme=dark; rekey_session=${person.token}` } });
    expect(signedIn.status).toBe(200);
    expect(await signedIn.text()).toBe(`Signed in as ${person.email}`);
    expect((await fetch(app)).status).toBe(401);
    expect((await fetch(app, { headers: { cookie: "rekey_session=not-a-session" } })).status).toBe(401);
  });

  it("answers the whole session for a cookie, a bearer token or a fetch Request, and inactive for a dead token", async () => {
    const person = await signedInPerson(tenant.tenant);
    const rekey = createRekeyClient({ baseUrl: `${api.baseUrl}/`, apiKey: tenant.key });
    const byBearer = await verifyRequest(new Request("http://app.test/", { headers: { authorization: `Bearer ${person.token}` } }), { client: rekey });
    expect(byBearer).toMatchObject({ active: true, userId: person.userId, sessionId: person.sessionId, tenantId: tenant.tenant.id, email: person.email, level: "password", methods: ["password"] });
    // Dates come back as dates (superjson), not strings.
    if (!byBearer.active) throw new Error("expected an active session");
    expect(byBearer.expiresAt).toBeInstanceOf(Date);
    const byOwnCookie = await verifyRequest(new Request("http://app.test/", { headers: { cookie: `app_sid=${person.token}` } }), { client: rekey, cookieName: "app_sid" });
    expect(byOwnCookie).toMatchObject({ active: true, sessionId: person.sessionId });
    // The default cookie name is not read when the app names its own.
    expect(await verifyRequest(new Request("http://app.test/", { headers: { cookie: `rekey_session=${person.token}` } }), { client: rekey, cookieName: "app_sid" })).toEqual({ active: false });
    expect(await verifyRequest(new Request("http://app.test/", { headers: { cookie: "rekey_session=x" } }), { client: rekey })).toEqual({ active: false });
  });

  it("signs a session out through the API, and sees it inactive on the next request", async () => {
    const person = await signedInPerson(tenant.tenant);
    const rekey = createRekeyClient({ baseUrl: api.baseUrl, apiKey: tenant.key });
    const app = await startTenantApp(rekey);
    const request = () => fetch(app, { headers: { cookie: `rekey_session=${person.token}` } });
    expect((await request()).status).toBe(200);
    expect(await rekey.sessions.revoke.mutate({ sessionId: person.sessionId })).toMatchObject({ sessionId: person.sessionId, userId: person.userId });
    expect((await request()).status).toBe(401);
  });

  it("exchanges the hosted sign-in's one-time code for a session of its own, once", async () => {
    const person = await signedInPerson(tenant.tenant);
    const hosted = await verifySession({ db: getDb(), tenantId: tenant.tenant.id, policy: tenant.tenant.policy, token: person.token, now: new Date() });
    if (!hosted) throw new Error("expected the hosted session to be live");
    const { redirectTo } = await createSessionHandoff({ db: getDb(), tenant: tenant.tenant, session: hosted, returnTo: "https://app.example.test/callback?state=s" });
    const code = new URL(redirectTo).searchParams.get("rekey_code")!;
    const rekey = createRekeyClient({ baseUrl: api.baseUrl, apiKey: tenant.key });
    const { token, session } = await rekey.sessions.exchange.mutate({ code });
    expect(session).toMatchObject({ active: true, userId: person.userId, email: person.email });
    expect(token).not.toBe(person.token);
    expect(await verifyRequest(new Request("http://app.test/", { headers: { cookie: `rekey_session=${token}` } }), { client: rekey })).toMatchObject({ active: true, sessionId: session.sessionId });
    expect((await refusal(rekey.sessions.exchange.mutate({ code }))).message).toContain("already used");
  });

  it("with a cache, asks Rekey once per ttl, so a revocation reaches it up to ttl later", async () => {
    const person = await signedInPerson(tenant.tenant);
    const counter = countingFetch();
    const rekey = createRekeyClient({ baseUrl: api.baseUrl, apiKey: tenant.key, fetch: counter.fetch });
    const request = new Request("http://app.test/", { headers: { cookie: `rekey_session=${person.token}` } });
    const cache = { ttlMs: 400 };
    expect(await verifyRequest(request, { client: rekey, cache })).toMatchObject({ active: true });
    await revokeSession({ db: getDb(), tenantId: tenant.tenant.id, userId: person.userId, sessionId: person.sessionId, reason: "revoked", context: { ip: "198.51.100.1", userAgent: "test" } });
    // Within the ttl the cached answer stands: the documented cost of the cache.
    expect(await verifyRequest(request, { client: rekey, cache })).toMatchObject({ active: true });
    expect(counter.calls).toBe(1);
    // Without the cache, the same client sees the revocation at once.
    expect(await verifyRequest(request, { client: rekey })).toEqual({ active: false });
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(await verifyRequest(request, { client: rekey, cache })).toEqual({ active: false });
    expect(counter.calls).toBe(3);
  });

  it("batches calls of the same tick into one request, or sends each alone with batch: false", async () => {
    const person = await signedInPerson(tenant.tenant);
    for (const [batch, requests] of [[undefined, 1], [false, 2]] as const) {
      const urls: string[] = [];
      const rekey = createRekeyClient({ baseUrl: api.baseUrl, apiKey: tenant.key, batch, fetch: (input, init) => (urls.push(String(input)), fetch(input, init)) });
      const answers = await Promise.all([rekey.sessions.verify.mutate({ token: person.token }), rekey.sessions.verify.mutate({ token: "not-a-session" })]);
      expect(answers.map((answer) => answer.active)).toEqual([true, false]);
      expect(urls).toHaveLength(requests);
      expect(urls.every((url) => url.includes("batch=1"))).toBe(batch === undefined);
    }
  });

  it("makes no call for a request without a session token", async () => {
    const counter = countingFetch();
    const rekey = createRekeyClient({ baseUrl: api.baseUrl, apiKey: tenant.key, fetch: counter.fetch });
    expect(await verifyRequest(new Request("http://app.test/", { headers: { cookie: "theme=dark", authorization: "Basic abc" } }), { client: rekey })).toEqual({ active: false });
    expect(counter.calls).toBe(0);
  });
});

describe("a misconfigured tenant app", () => {
  it("is told at start-up that its key is not a key, before any request", () => {
    const counter = countingFetch();
    const key = generateApiKey("test");
    for (const apiKey of ["", "sk_live_abc", `${key} `, key.slice(0, -1), `Bearer ${key}`, "rky_prod_" + key.slice(9)]) {
      expect(() => createRekeyClient({ baseUrl: api.baseUrl, apiKey, fetch: counter.fetch })).toThrow(RekeyConfigurationError);
    }
    expect(() => createRekeyClient({ baseUrl: api.baseUrl, apiKey: "" })).toThrow(/rky_live_\.\.\. or rky_test_\.\.\./);
    expect(() => createRekeyClient({ baseUrl: "rekey.example.com", apiKey: key })).toThrow(RekeyConfigurationError);
    expect(counter.calls).toBe(0);
  });

  it("with a well-formed key Rekey does not know, gets UNAUTHORIZED saying so", async () => {
    const rekey = createRekeyClient({ baseUrl: api.baseUrl, apiKey: generateApiKey("live") });
    expect(await refusal(rekey.sessions.verify.mutate({ token: "x" }))).toMatchObject({ code: "UNAUTHORIZED", message: "This API key is not recognised." });
  });

  it("with a key of a tenant that lacks sessions:read, gets FORBIDDEN naming the scope", async () => {
    const { key } = await tenantWithKey(["users:read"]);
    const rekey = createRekeyClient({ baseUrl: api.baseUrl, apiKey: key });
    const refused = await refusal(verifyRequest(new Request("http://app.test/", { headers: { authorization: "Bearer some-session" } }), { client: rekey }));
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.message).toContain("sessions:read");
    expect(refused.details).toEqual(["sessions:read"]);
  });

  it("sees another tenant's session as inactive", async () => {
    const mine = await tenantWithKey(["sessions:read"]);
    const theirs = await tenantWithKey(["sessions:read"]);
    const person = await signedInPerson(theirs.tenant);
    const rekey = createRekeyClient({ baseUrl: api.baseUrl, apiKey: mine.key });
    expect(await verifyRequest(new Request("http://app.test/", { headers: { cookie: `rekey_session=${person.token}` } }), { client: rekey })).toEqual({ active: false });
  });
});

describe("a batch of calls in one request", () => {
  it("cannot stretch a key's budget: each call in the batch counts, though the key is checked once", async () => {
    const limited = await tenantWithKey(["sessions:read"], { api: { requestsPerMinute: 60 } });
    const counter = countingFetch();
    const rekey = createRekeyClient({ baseUrl: api.baseUrl, apiKey: limited.key, fetch: counter.fetch });
    const answers = await Promise.allSettled(Array.from({ length: 61 }, () => rekey.sessions.verify.mutate({ token: "not-a-session" })));
    // httpBatchLink sent them together (in a few requests at most), yet the 61st call was refused.
    expect(counter.calls).toBeLessThan(5);
    expect(answers.filter((answer) => answer.status === "fulfilled")).toHaveLength(60);
    const refused = answers.filter((answer): answer is PromiseRejectedResult => answer.status === "rejected");
    expect(refused).toHaveLength(1);
    expect((refused[0]!.reason as RekeyApiError).data?.code).toBe("TOO_MANY_REQUESTS");
  });
});
