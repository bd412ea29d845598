import { callTRPCProcedure, getTRPCErrorFromUnknown, getTRPCErrorShape, transformTRPCResponse, type AnyTRPCProcedure, type AnyTRPCRouter, type TRPCError } from "@trpc/server";
import { getHTTPStatusCode } from "@trpc/server/http";

// tRPC calls over HTTP, one or a batch, answered through the router's own procedure call, error
// formatter and transformer, without the fetch adapter's general machinery: Request and Response
// objects, web streams, and three abort signals per call cost about 0.2 ms of CPU of the 0.35 ms
// tRPC's HTTP layer took per call, on paths where the server has little else to spend: sign-in
// besides its hash, and a tenant app's `sessions.verify`, which @trpc/client's httpBatchLink always
// sends as a batch, most often of one (docs/decisions.md, "Plain tRPC calls skip the fetch adapter").
//
// Only what @trpc/client's httpLink and httpBatchLink send is taken: queries by GET, mutations by
// POST with a JSON body, to procedures that exist, all of one kind. Everything else (streams,
// subscriptions, a method that does not fit, input that is not JSON) is left to the fetch adapter,
// which also answers its errors; that is decided before the context is made or a procedure runs.
// The answers are the adapter's, byte for byte (test/direct-call-answers.test.ts compares them).

export type HttpCall = {
  method: string;
  /** The URL after the API's endpoint: `/auth.signIn`, `/auth.session?input=...`, `/a,b?batch=1`. */
  rest: string;
  headers: Headers;
  body: string;
};

export type HttpAnswer = { status: number; headers: Record<string, string>; body: string };

export type ProcedureKind = "query" | "mutation" | "subscription";

export type AnswerCallsOptions<TContext> = {
  router: AnyTRPCRouter;
  call: HttpCall;
  createContext: () => Promise<TContext>;
  /** Headers for an answer of this kind; the fetch adapter's `responseMeta` must give the same. */
  headersFor: (kind: ProcedureKind) => Record<string, string>;
  onError: (failure: { error: TRPCError; path: string | undefined }) => void;
};

const PATHS = /^\/([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*(?:,[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)*)(?:\?(.*))?$/;

/** A batch longer than this is left to the adapter: no client of ours sends one. */
const MAX_BATCH = 50;

type Call = { path: string; input: unknown };
type ParsedCalls = { kind: ProcedureKind; isBatch: boolean; calls: Call[] };
type Outcome = { result: { data: unknown } } | { error: unknown };

/** The answer to a call or a batch of calls, or null when the request is one for the fetch adapter. */
export async function answerCalls<TContext>(options: AnswerCallsOptions<TContext>): Promise<HttpAnswer | null> {
  const { router } = options;
  const parsed = parseCalls(router, options.call);
  if (!parsed) return null;
  const { kind, isBatch, calls } = parsed;
  const config = router._def._config;
  let ctx: TContext | undefined;
  let contextError: unknown;
  try {
    ctx = await options.createContext();
  } catch (cause) {
    contextError = cause;
  }
  const errors: (TRPCError | undefined)[] = [];
  const outcomes: Outcome[] = await Promise.all(
    calls.map(async ({ path, input }, batchIndex): Promise<Outcome> => {
      try {
        if (contextError !== undefined) throw contextError;
        const data: unknown = await callTRPCProcedure({ router, path, type: kind, ctx, getRawInput: async () => input, signal: undefined, batchIndex });
        return { result: { data } };
      } catch (cause) {
        const error = getTRPCErrorFromUnknown(cause);
        errors[batchIndex] = error;
        options.onError({ error, path });
        return { error: getTRPCErrorShape({ config, ctx, error, input, path, type: kind }) };
      }
    }),
  );
  const json = isBatch ? outcomes : outcomes[0]!;
  return {
    status: getHTTPStatusCode(json as Parameters<typeof getHTTPStatusCode>[0], errors),
    headers: { vary: "trpc-accept, accept", "content-type": "application/json", ...options.headersFor(kind) },
    body: JSON.stringify(transformTRPCResponse(config, json as Parameters<typeof transformTRPCResponse>[1])),
  };
}

function parseCalls(router: AnyTRPCRouter, call: HttpCall): ParsedCalls | null {
  const match = PATHS.exec(call.rest);
  if (!match) return null;
  const search = new URLSearchParams(match[2]);
  const batch = search.get("batch");
  const isBatch = batch === "1";
  if ((batch !== null && !isBatch) || search.has("connectionParams") || asksForStream(call.headers)) return null;
  const paths = match[1]!.split(",");
  if (isBatch ? paths.length > MAX_BATCH : paths.length !== 1) return null;
  // The router's procedures are a flat map from dotted path to procedure at run time.
  const procedures = router._def.procedures as Record<string, AnyTRPCProcedure | undefined>;
  const kinds = new Set(paths.map((path) => procedures[path]?._def.type));
  const [kind] = kinds;
  if (kinds.size !== 1 || (kind !== "query" && kind !== "mutation")) return null;
  let text: string | null;
  if (kind === "query" && call.method === "GET") text = search.get("input");
  else if (kind === "mutation" && call.method === "POST" && isJson(call.headers)) text = call.body === "" ? null : call.body;
  else return null;
  try {
    const deserialize = (value: unknown) => router._def._config.transformer.input.deserialize(value);
    const raw: unknown = text === null ? undefined : JSON.parse(text);
    if (!isBatch) return { kind, isBatch, calls: [{ path: paths[0]!, input: raw === undefined ? undefined : deserialize(raw) }] };
    if (raw !== undefined && (typeof raw !== "object" || raw === null || Array.isArray(raw))) return null;
    const inputs = (raw ?? {}) as Record<string, unknown>;
    return { kind, isBatch, calls: paths.map((path, index) => ({ path, input: inputs[index] === undefined ? undefined : deserialize(inputs[index]) })) };
  } catch {
    // The fetch adapter says what is wrong with it.
    return null;
  }
}

/** A streamed answer (JSON lines) is asked for by either header; the fetch adapter answers it. */
function asksForStream(headers: Headers): boolean {
  return headers.has("trpc-accept") || (headers.get("accept")?.includes("application/jsonl") ?? false);
}

function isJson(headers: Headers): boolean {
  return headers.get("content-type")?.split(";", 1)[0]?.trim().toLowerCase() === "application/json";
}
