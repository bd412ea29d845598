import { randomBytes } from "node:crypto";
import type { AnyTRPCProcedure, AnyTRPCRouter, TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import fc from "fast-check";
import superjson from "superjson";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { getDb } from "@rekey/core/db";
import { createTestTenant } from "@rekey/core/testing";
import { answerCalls, appRouter, createContext, createTenantContext, tenantRouter, type HttpCall, type ProcedureKind } from "../src";
import { makeStaff, type TestStaff } from "./staff-fixtures";
import { makeApiKey } from "./tenant-api-fixtures";
import { deeplyNestedText, inputJsonSchema, junkValue, malformedFor, type InputJsonSchema, type Plausible } from "./support-malformed-input";

// S30 schema fuzz: every procedure of the hosted API and the tenant API, found at run time from the
// routers (a new procedure is fuzzed without a change here), is sent generated input its own zod
// schema refuses, over HTTP as server.ts answers it (answerCalls, or tRPC's fetch adapter for what
// answerCalls leaves to it). The attack: a request crafted to crash a handler (a 500 that leaks or
// takes the process down) or to slip a half-valid value past validation into a write. The answer
// must be a 4xx, and no row of the fuzzed tenant may change.
//
// REKEY_FUZZ_RUNS is the number of malformed inputs sent in all, spread evenly over the
// procedures: 1,500 by default so `pnpm test` stays quick; the soak sends at least 10,000
// (REKEY_FUZZ_RUNS=10000). Callers are signed in (a staff admin with a fresh authenticator-app
// sign-in, a key with every scope) most of the time, so each procedure's access checks pass and
// its input parsing is what answers; anonymous callers and bad keys are sent too.

const totalRuns = Number(process.env.REKEY_FUZZ_RUNS ?? 1_500);
/** Replays a failing run: its seed is in the failure message. */
const seed = process.env.REKEY_FUZZ_SEED === undefined ? undefined : Number(process.env.REKEY_FUZZ_SEED);

type Api = "hosted" | "tenant";
type Target = { api: Api; path: string; kind: ProcedureKind; parsers: z.ZodType[]; jsonSchemas: InputJsonSchema[] };

function targetsOf(api: Api, router: AnyTRPCRouter): Target[] {
  // The router's procedures are a flat map from dotted path to procedure at run time (sub-routers included).
  const procedures = router._def.procedures as Record<string, AnyTRPCProcedure>;
  return Object.entries(procedures).map(([path, procedure]) => {
    const parsers = procedure._def.inputs.map((parser: unknown) => {
      if (!(parser instanceof z.ZodType)) throw new Error(`${api} ${path}: its input parser is not a zod schema (S30 wants one schema per procedure)`);
      return parser;
    });
    return { api, path, kind: procedure._def.type, parsers, jsonSchemas: parsers.map(inputJsonSchema) };
  });
}

const targets = [...targetsOf("hosted", appRouter), ...targetsOf("tenant", tenantRouter)];
const runsPerTarget = Math.max(1, Math.ceil(totalRuns / targets.length));

const headersFor = (kind: ProcedureKind | "unknown"): Record<string, string> => (kind === "mutation" ? { "cache-control": "no-store" } : {});

type Answer = { status: number; body: string; by: "answerCalls" | "fetch adapter" };
type Caller = { label: string; router: AnyTRPCRouter; endpoint: string; createContext: () => Promise<unknown> };

const internalErrors: string[] = [];
const onError = ({ error, path }: { error: TRPCError; path: string | undefined }) => {
  if (error.code === "INTERNAL_SERVER_ERROR") internalErrors.push(`${path ?? "?"}: ${error.message}`);
};

/** The answer server.ts gives: answerCalls first, the fetch adapter for what it leaves. */
async function answer(caller: Caller, call: HttpCall): Promise<Answer> {
  const direct = await answerCalls({ router: caller.router, call, createContext: caller.createContext, headersFor, onError });
  if (direct) return { status: direct.status, body: direct.body, by: "answerCalls" };
  const response = await fetchRequestHandler({
    endpoint: caller.endpoint,
    req: new Request(`http://localhost${caller.endpoint}${call.rest}`, { method: call.method, headers: call.headers, body: call.method === "GET" ? undefined : call.body }),
    router: caller.router,
    createContext: caller.createContext,
    responseMeta: ({ type }) => ({ headers: headersFor(type) }),
    onError,
  });
  return { status: response.status, body: await response.text(), by: "fetch adapter" };
}

/** What goes on the wire for one call: a value superjson carries (undefined, NaN, Date, bigint...) or raw JSON text. */
type Wire = { form: "value"; value: unknown } | { form: "text"; text: string };

function wireText(wire: Wire): string | null {
  if (wire.form === "text") return wire.text;
  try {
    return JSON.stringify(superjson.serialize(wire.value));
  } catch {
    // superjson refuses some values (a `__proto__` key): a hostile client sends them as plain JSON.
    return JSON.stringify({ json: wire.value }, (_, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
  }
}

function httpCall(target: Target, wire: Wire, shape: "single" | "batch" | "wrong method"): HttpCall {
  const text = wireText(wire) ?? "";
  const asQuery = (target.kind === "query") !== (shape === "wrong method");
  const paths = shape === "batch" ? `${target.path},${target.path}` : target.path;
  const input = shape === "batch" ? `{"0":${text || "null"},"1":${text || "null"}}` : text;
  const search = shape === "batch" ? "?batch=1" : "";
  if (asQuery) {
    const query = input === "" ? search : `${search ? `${search}&` : "?"}input=${encodeURIComponent(input)}`;
    return { method: "GET", rest: `/${paths}${query}`, headers: new Headers(), body: "" };
  }
  return { method: "POST", rest: `/${paths}${search}`, headers: new Headers({ "content-type": "application/json" }), body: input };
}

/**
 * The input the procedure would see for `wire`, or `unreadable` when the request itself is
 * malformed (not JSON, or superjson refuses it): tRPC answers that before any procedure runs.
 */
function inputSeen(wire: Wire): { input: unknown } | "unreadable" {
  const text = wireText(wire);
  if (text === "" || text === null) return { input: undefined };
  try {
    return { input: superjson.deserialize(JSON.parse(text)) };
  } catch {
    return "unreadable";
  }
}

async function schemaAccepts(target: Target, input: unknown): Promise<boolean> {
  for (const parser of target.parsers) if (!(await parser.safeParseAsync(input)).success) return false;
  return true;
}

/** Raw bodies: not JSON, JSON that is not superjson's shape, superjson metadata that lies. */
const rawText = fc.oneof(
  fc.constantFrom(
    "{",
    "nul",
    "undefined",
    "\"unterminated",
    "{\"json\":",
    "[1,2",
    "\u0000",
    '{"json":{},"meta":{"values":{"__proto__":["undefined"]}}}',
    '{"json":{"a":1},"meta":{"values":{"a":["class","Nope"]}}}',
    '{"json":{"a":"x"},"meta":{"values":{"a":["bigint"]}}}',
    '{"json":{"a":"x"},"meta":{"values":{"a":["Date"]}}}',
    '{"json":"x","meta":{"referentialEqualities":{"":["constructor.prototype"]}}}',
    '{"json":{"a":[]},"meta":{"values":{"a.0.__proto__":["undefined"]}}}',
  ),
  deeplyNestedText,
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify({ json: value, meta: { values: { "": ["map"] } } })),
);

function requestFor(target: Target, known: Plausible) {
  // Each parser is checked in turn by tRPC (and their objects merged): break one, keep the others plausible.
  const schemaDirected = target.jsonSchemas.length === 0 ? junkValue : fc.oneof(...target.jsonSchemas.map((schema) => malformedFor(schema, known)));
  const wire: fc.Arbitrary<Wire> = fc.oneof(
    { arbitrary: schemaDirected.map((value): Wire => ({ form: "value", value })), weight: 8 },
    { arbitrary: junkValue.map((value): Wire => ({ form: "value", value })), weight: 2 },
    { arbitrary: rawText.map((text): Wire => ({ form: "text", text })), weight: 1 },
  );
  const shape = fc.oneof(
    { arbitrary: fc.constant<"single">("single"), weight: 10 },
    { arbitrary: fc.constant<"batch">("batch"), weight: 1 },
    { arbitrary: fc.constant<"wrong method">("wrong method"), weight: 1 },
  );
  return fc.record({ wire, shape, caller: fc.nat(99) });
}

/**
 * A digest of every row of the fuzzed tenants, table by table, from the database's own catalogue
 * (a new table is covered, or the test says how to scope it). Left out, each with its reason:
 * - `rate_limit`: the API key's call budget is spent before the input is read (tenant-trpc.ts), and
 *   other test files share the table (its keys are not per tenant).
 * - `api_key."lastUsedAt"`: authentication records the key's last use, to the minute, before input.
 * - `session."lastSeenAt"`: every signed-in request keeps its session alive (verify-session.ts).
 * - `worker_heartbeat`: the background worker's own beat, no tenant's, written on its schedule.
 * - `_prisma_migrations`: the schema's history, not data.
 * Nothing else: no audit row, outbox message or throttle may follow from a refused input.
 */
async function tenantRows(tenantIds: string[]): Promise<Record<string, string>> {
  const db = getDb();
  const columns = await db.$queryRaw<{ table: string; columns: string[] }[]>`
    SELECT table_name AS "table", array_agg(column_name::text) AS columns
    FROM information_schema.columns WHERE table_schema = 'public' GROUP BY table_name ORDER BY table_name`;
  const unscoped = new Set(["rate_limit", "worker_heartbeat", "_prisma_migrations"]);
  const ignoredColumns: Record<string, string[]> = { api_key: ["lastUsedAt"], session: ["lastSeenAt"] };
  const scopes: Record<string, string> = {
    tenant: `t.id = ANY($1)`,
    recovery_code: `t."setId" IN (SELECT id FROM recovery_code_set WHERE "tenantId" = ANY($1))`,
  };
  const selects = columns
    .filter(({ table }) => !unscoped.has(table))
    .map(({ table, columns: names }) => {
      const scope = names.includes("tenantId") ? `t."tenantId" = ANY($1)` : scopes[table];
      if (!scope) throw new Error(`Table ${table} has no "tenantId": say in tenantRows how its rows belong to a tenant`);
      const row = (ignoredColumns[table] ?? []).reduce((json, column) => `${json} - '${column}'`, "to_jsonb(t)");
      return `SELECT '${table}' AS "table", count(*)::text || ':' || md5(coalesce(string_agg((${row})::text, '|' ORDER BY (${row})::text), '')) AS digest FROM "${table}" t WHERE ${scope}`;
    });
  const rows = await db.$queryRawUnsafe<{ table: string; digest: string }[]>(selects.join("\nUNION ALL\n"), tenantIds);
  return Object.fromEntries(rows.map(({ table, digest }) => [table, digest]));
}

describe("malformed input to every procedure (S30 schema fuzz)", () => {
  it("finds every procedure, and a schema on each that can change something", () => {
    expect(targets.filter(({ api }) => api === "hosted").length).toBeGreaterThan(90);
    expect(targets.map(({ api, path }) => `${api} ${path}`)).toEqual(expect.arrayContaining(["hosted auth.signIn", "hosted staff.updatePolicy", "hosted developers.createKey", "tenant users.create"]));
    // A mutation without an input schema would take any body and act on it.
    expect(targets.filter(({ kind, parsers }) => kind === "mutation" && parsers.length === 0).map(({ path }) => path)).toEqual([]);
  });

  let staff: TestStaff;
  let tenantIds: string[];
  let known: Plausible;
  const callers: Record<Api, Caller[]> = { hosted: [], tenant: [] };

  beforeAll(async () => {
    // Step-up lasts the longest a tenant may set (60 min), so the soak's staff changes stay past it.
    const tenant = await createTestTenant({ factors: { stepUpMinutes: 60 } });
    staff = await makeStaff({ tenantId: tenant.id, role: "admin" });
    const apiKey = await makeApiKey({ tenantId: tenant.id, admin: staff });
    tenantIds = [tenant.id];
    const { id: memberId } = await getDb().staffMember.findFirstOrThrow({ where: { tenantId: tenant.id, userId: staff.userId }, select: { id: true } });
    known = { strings: [tenant.id, staff.userId, staff.sessionId, apiKey.apiKeyId, memberId, staff.email, "123456", "12345678"] };
    const hostedEndpoint = `/t/${tenant.slug}/api/trpc`;
    const hosted = (label: string, tenantSlug: string, sessionToken: string | null): Caller => ({
      label,
      router: appRouter,
      endpoint: hostedEndpoint,
      createContext: () => createContext({ tenantSlug, sessionToken, ip: "203.0.113.77", userAgent: "schema-fuzz" }),
    });
    const tenantApi = (label: string, authorization: string | null): Caller => ({
      label,
      router: tenantRouter,
      endpoint: "/api/tenant/trpc",
      createContext: () => createTenantContext({ authorization, ip: "203.0.113.78", userAgent: "schema-fuzz" }),
    });
    // Listed by weight: mostly callers whose access checks pass, so the input is what is judged.
    callers.hosted = [
      ...Array.from({ length: 7 }, () => hosted("staff admin", tenant.slug, staff.sessionToken)),
      hosted("anonymous", tenant.slug, null),
      hosted("unknown session", tenant.slug, randomBytes(32).toString("base64url")),
      hosted("unknown tenant", "no-such-tenant", staff.sessionToken),
    ];
    callers.tenant = [...Array.from({ length: 8 }, () => tenantApi("key", `Bearer ${apiKey.key}`)), tenantApi("no key", null), tenantApi("junk key", "Bearer rky_test_junk")];
  });

  it(`answers ${totalRuns} malformed inputs over ${targets.length} procedures with a 4xx and changes no row`, { timeout: Math.max(60_000, totalRuns * 200) }, async () => {
    const started = Date.now();
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    let sent = 0;
    let skips = 0;
    // Each procedure's rows after are the next one's before.
    let before = await tenantRows(tenantIds);
    for (const target of targets) {
      const pool = callers[target.api];
      const run = await fc.check(
        fc.asyncProperty(requestFor(target, known), async ({ wire, shape, caller: pick }) => {
          // Only input the schema refuses is malformed; anything else would be a legitimate call.
          // A query without a schema ignores its input (there is none to take): it is sent junk too,
          // and may answer it, but not with a 5xx and not with a change.
          const seen = inputSeen(wire);
          const takesInput = target.parsers.length > 0;
          if (takesInput) fc.pre(seen === "unreadable" || !(await schemaAccepts(target, seen.input)) || shape === "wrong method");
          const caller = pool[pick % pool.length]!;
          const call = httpCall(target, wire, shape);
          const { status, body, by } = await answer(caller, call);
          sent += 1;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status >= 500 || (takesInput && status < 400)) {
            failures.push(`${target.api} ${target.path} (${caller.label}, ${shape}, ${by}): ${status} for ${call.method} ${call.rest.slice(0, 300)} ${call.body.slice(0, 300)} -> ${body.slice(0, 300)}`);
            return false;
          }
          return true;
        }),
        { numRuns: runsPerTarget, maxSkipsPerRun: 1_000, endOnFailure: true, seed },
      );
      skips += run.numSkips;
      // fc.check, not fc.assert: a counterexample nested thousands deep is ours to describe, not fast-check's.
      if (run.failed) {
        const thrown = run.errorInstance instanceof Error ? (run.errorInstance.stack ?? "").split("\n").slice(0, 6).join(" | ") : String(run.errorInstance ?? "");
        failures.push(`${target.api} ${target.path}: replay with REKEY_FUZZ_SEED=${run.seed} (${run.numRuns} run, ${run.numSkips} skipped) ${thrown}`);
      }
      const after = await tenantRows(tenantIds);
      const changed = Object.keys({ ...before, ...after }).filter((table) => before[table] !== after[table]);
      if (changed.length > 0) failures.push(`${target.api} ${target.path}: rows changed in ${changed.join(", ")}`);
      before = after;
    }
    const histogram = Object.fromEntries([...statuses].sort(([a], [b]) => a - b));
    console.info(`schema fuzz: ${sent} malformed inputs to ${targets.length} procedures in ${((Date.now() - started) / 1000).toFixed(1)} s; statuses ${JSON.stringify(histogram)}; ${skips} generated inputs the schema took were not sent`);
    expect(failures).toEqual([]);
    expect(internalErrors).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(totalRuns);
    // A `__proto__` key in a body must stay a key: Object.prototype is untouched.
    expect(Object.prototype).not.toHaveProperty("polluted");
    expect(Object.prototype).not.toHaveProperty("isAdmin");
  });
});
