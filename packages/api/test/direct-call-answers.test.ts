import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { describe, expect, it, vi } from "vitest";
import { createTestTenant, createTestUser, expectSignedIn, strongPassword } from "@rekey/core/testing";
import type { TRPCError } from "@trpc/server";
import { answerCalls, appRouter, createContext, type Context, type HttpCall, type ProcedureKind } from "../src";
import { callerFor } from "./support";

// server.ts answers a tRPC call or batch through answerCalls and everything else through tRPC's
// fetch adapter. A tenant app must not be able to tell which one answered: the same request gets
// the same status, headers and body from both.

type Tenant = Awaited<ReturnType<typeof createTestTenant>>;

const headersFor = (kind: ProcedureKind | "unknown"): Record<string, string> => (kind === "mutation" ? { "cache-control": "no-store" } : {});

function contextFor(tenantSlug: string, sessionToken: string | null = null) {
  return () => createContext({ tenantSlug, sessionToken, ip: "203.0.113.7", userAgent: "single-call test" });
}

function post(rest: string, body: unknown, headers: Record<string, string> = {}): HttpCall {
  return { method: "POST", rest, headers: new Headers({ "content-type": "application/json", ...headers }), body: typeof body === "string" ? body : JSON.stringify(superjson.serialize(body)) };
}

function get(rest: string, input?: unknown): HttpCall {
  const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
  return { method: "GET", rest: `${rest}${query}`, headers: new Headers(), body: "" };
}

/** A batch as httpBatchLink sends it: each call's input serialized on its own, keyed by its place. */
function postBatch(paths: string[], inputs: unknown[]): HttpCall {
  const body = Object.fromEntries(inputs.map((input, index) => [index, superjson.serialize(input)]));
  return post(`/${paths.join(",")}?batch=1`, JSON.stringify(body));
}

type OnError = (failure: { error: TRPCError }) => void;

async function throughAdapter(call: HttpCall, createContext: () => Promise<Context>, onError: OnError = () => {}) {
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request(`http://localhost/api/trpc${call.rest}`, { method: call.method, headers: call.headers, body: call.method === "GET" ? undefined : call.body }),
    router: appRouter,
    createContext,
    responseMeta: ({ type }) => ({ headers: headersFor(type) }),
    onError,
  });
  return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
}

async function directly(call: HttpCall, createContext: () => Promise<Context>, onError: OnError = () => {}) {
  const answer = await answerCalls({ router: appRouter, call, createContext, headersFor, onError });
  if (!answer) throw new Error(`expected ${call.method} ${call.rest} to be answered directly`);
  return { ...answer, headers: Object.fromEntries(new Headers(answer.headers)) };
}

/** Both answers to the same call, made one after the other against the same database. */
async function bothAnswers(call: HttpCall, createContext: () => Promise<Context>) {
  return { direct: await directly(call, createContext), adapter: await throughAdapter(call, createContext) };
}

async function signedIn(tenant: Tenant) {
  const user = await createTestUser(tenant.id);
  const { sessionToken } = expectSignedIn(await (await callerFor(tenant)).auth.signIn({ email: user.email, password: user.password }));
  return { user, sessionToken };
}

describe("a single tRPC call answered directly", () => {
  it("answers a wrong password as the adapter does: 401 with the same error shape", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const { direct, adapter } = await bothAnswers(post("/auth.signIn", { email: user.email, password: "not the password at all" }), contextFor(tenant.slug));
    expect(direct).toEqual(adapter);
    expect(direct.status).toBe(401);
    expect(JSON.parse(direct.body).error.json.data).toMatchObject({ appCode: "INVALID_CREDENTIALS", httpStatus: 401 });
  });

  it("answers input that fails validation as the adapter does: 400 with the field errors", async () => {
    const tenant = await createTestTenant();
    const { direct, adapter } = await bothAnswers(post("/auth.signIn", { email: "not an address", password: "" }), contextFor(tenant.slug));
    expect(direct).toEqual(adapter);
    expect(direct.status).toBe(400);
    expect(Object.keys(JSON.parse(direct.body).error.json.data.fieldErrors)).toEqual(["email", "password"]);
  });

  it("answers a mutation with no body, an unknown tenant and a missing session as the adapter does", async () => {
    const tenant = await createTestTenant();
    const calls: [HttpCall, () => Promise<Context>, number][] = [
      [post("/auth.signIn", ""), contextFor(tenant.slug), 400],
      [post("/password.requestReset", { email: "someone@example.test" }), contextFor("no-such-tenant"), 404],
      [post("/auth.signOut", undefined), contextFor(tenant.slug), 401],
      [get("/activity.list", {}), contextFor(tenant.slug, "not-a-session"), 401],
    ];
    for (const [call, context, status] of calls) {
      const { direct, adapter } = await bothAnswers(call, context);
      expect(direct).toEqual(adapter);
      expect(direct.status).toBe(status);
    }
  });

  it("answers a successful mutation with the same headers and the same shape of session", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const call = post("/auth.signIn", { email: user.email, password: strongPassword });
    const { direct, adapter } = await bothAnswers(call, contextFor(tenant.slug));
    // Each sign-in makes its own session: the tokens and times differ, nothing else does.
    const withoutSecrets = (body: string) => {
      const { json, meta } = JSON.parse(body).result.data;
      return { meta, json: { ...json, sessionToken: typeof json.sessionToken, deviceToken: typeof json.deviceToken, expiresAt: typeof json.expiresAt } };
    };
    expect({ ...direct, body: withoutSecrets(direct.body) }).toEqual({ ...adapter, body: withoutSecrets(adapter.body) });
    expect(direct.headers).toMatchObject({ "cache-control": "no-store", "content-type": "application/json" });
    expect(withoutSecrets(direct.body)).toMatchObject({ meta: { values: { expiresAt: ["Date"] } }, json: { status: "signed-in", sessionToken: "string" } });
  });

  it("answers a query with its input in the URL the same, Dates included", async () => {
    const tenant = await createTestTenant();
    const { sessionToken } = await signedIn(tenant);
    const { direct, adapter } = await bothAnswers(get("/activity.list", {}), contextFor(tenant.slug, sessionToken));
    expect(direct).toEqual(adapter);
    expect(direct.status).toBe(200);
    expect(direct.headers["cache-control"]).toBeUndefined();
    expect(superjson.deserialize<{ events: { createdAt: unknown }[] }>(JSON.parse(direct.body).result.data).events[0]?.createdAt).toBeInstanceOf(Date);
  });

  it("says nothing of an internal fault's cause, as the adapter does, and reports it to onError", async () => {
    const failingContext = async (): Promise<Context> => {
      throw new Error("connect ECONNREFUSED postgres://rekey:secret@db");
    };
    const seen: string[] = [];
    const onError: OnError = ({ error }) => void seen.push(error.code);
    const call = post("/password.requestReset", { email: "someone@example.test" });
    const direct = await directly(call, failingContext, onError);
    const adapter = await throughAdapter(call, failingContext, onError);
    expect(direct).toEqual(adapter);
    expect(direct.status).toBe(500);
    expect(direct.body).not.toContain("secret");
    expect(seen).toEqual(["INTERNAL_SERVER_ERROR", "INTERNAL_SERVER_ERROR"]);
  });
});

describe("a batch of tRPC calls answered directly", () => {
  it("answers a batch of mutations with one failing as the adapter does: 207, each answer in its place", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const call = postBatch(["password.requestReset", "auth.signIn"], [{ email: user.email }, { email: user.email, password: "not the password at all" }]);
    const { direct, adapter } = await bothAnswers(call, contextFor(tenant.slug));
    expect(direct).toEqual(adapter);
    expect(direct.status).toBe(207);
    const [reset, signIn] = JSON.parse(direct.body);
    expect(reset.result).toBeDefined();
    expect(signIn.error.json.data).toMatchObject({ appCode: "INVALID_CREDENTIALS", httpStatus: 401 });
    expect(direct.headers["cache-control"]).toBe("no-store");
  });

  it("answers a batch of queries in the URL, a call without input and a failing context as the adapter does", async () => {
    const tenant = await createTestTenant();
    const { sessionToken } = await signedIn(tenant);
    const query: HttpCall = { method: "GET", rest: `/activity.list,auth.session?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: superjson.serialize({}) }))}`, headers: new Headers(), body: "" };
    const { direct, adapter } = await bothAnswers(query, contextFor(tenant.slug, sessionToken));
    expect(direct).toEqual(adapter);
    expect(direct.status).toBe(200);
    expect(JSON.parse(direct.body)).toHaveLength(2);

    const failingContext = async (): Promise<Context> => {
      throw new Error("connect ECONNREFUSED postgres://rekey:secret@db");
    };
    const mutations = postBatch(["password.requestReset", "password.requestReset"], [{ email: "a@example.test" }, { email: "b@example.test" }]);
    const seen: string[] = [];
    const onError: OnError = ({ error }) => void seen.push(error.code);
    const failed = await directly(mutations, failingContext, onError);
    expect(failed).toEqual(await throughAdapter(mutations, failingContext, onError));
    expect(failed.status).toBe(500);
    expect(failed.body).not.toContain("secret");
    expect(seen).toEqual(Array(4).fill("INTERNAL_SERVER_ERROR"));
  });
});

describe("calls left to the fetch adapter", () => {
  const leftAlone: [string, HttpCall][] = [
    ["a batch mixing a query and a mutation", postBatch(["auth.signIn", "auth.session"], [{ email: "a@example.test", password: "x" }])],
    ["a batch whose input is not an object", post("/auth.signIn?batch=1", JSON.stringify([{ json: { email: "a@example.test", password: "x" } }]))],
    ["a batch with a procedure that does not exist", postBatch(["auth.signIn", "auth.nothing"], [{}, {}])],
    ["a batch flag that is not 1", post("/auth.signIn?batch=true", {})],
    ["two paths without the batch flag", post("/auth.signIn,auth.signIn", {})],
    ["a streamed answer (trpc-accept)", post("/auth.signIn", { email: "a@example.test", password: "x" }, { "trpc-accept": "application/jsonl" })],
    ["a streamed answer (accept)", post("/auth.signIn", { email: "a@example.test", password: "x" }, { accept: "application/jsonl" })],
    ["a mutation by GET", get("/auth.signIn", { email: "a@example.test", password: "x" })],
    ["a query by POST", post("/auth.session", undefined)],
    ["a procedure that does not exist", post("/auth.nothing", {})],
    ["a path with escapes", post("/auth%2EsignIn", {})],
    ["a body that is not JSON", post("/auth.signIn", "{email:")],
    ["a body that is not JSON by its type", post("/auth.signIn", {}, { "content-type": "text/plain" })],
    ["input in the URL that is not JSON", { method: "GET", rest: "/activity.list?input=%7B", headers: new Headers(), body: "" }],
  ];

  it.each(leftAlone)("leaves %s to the adapter before making a context", async (_, call) => {
    const createContext = vi.fn(contextFor("default"));
    expect(await answerCalls({ router: appRouter, call, createContext, headersFor, onError: () => {} })).toBeNull();
    expect(createContext).not.toHaveBeenCalled();
    // The adapter answers each with an error of its own.
    expect((await throughAdapter(call, contextFor("default"))).status).toBeGreaterThanOrEqual(400);
  });
});
