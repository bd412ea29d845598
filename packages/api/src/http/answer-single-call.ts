import { callTRPCProcedure, getTRPCErrorFromUnknown, getTRPCErrorShape, transformTRPCResponse, type AnyTRPCProcedure, type AnyTRPCRouter, type TRPCError } from "@trpc/server";
import { getHTTPStatusCode } from "@trpc/server/http";

// One tRPC call over HTTP (not a batch), answered through the router's own procedure call, error
// formatter and transformer, without the fetch adapter's general machinery: Request and Response
// objects, web streams, and three abort signals per call cost about 0.2 ms of CPU of the 0.35 ms
// tRPC's HTTP layer took per call, on a path (sign-in) where the server has about 2 ms to spend
// besides the hash (docs/decisions.md, "Single tRPC calls skip the fetch adapter").
//
// Only what @trpc/client's httpLink sends is taken: a query by GET, a mutation by POST with a JSON
// body, to a procedure that exists. Everything else (batches, streams, subscriptions, a method
// that does not fit, input that is not JSON) is left to the fetch adapter, which also answers
// its errors; that is decided before the context is made or the procedure runs. The answers are
// the adapter's, byte for byte (test/single-call-answers.test.ts compares them).

export type HttpCall = {
  method: string;
  /** The URL after the API's endpoint: `/auth.signIn`, or `/auth.session?input=...`. */
  rest: string;
  headers: Headers;
  body: string;
};

export type HttpAnswer = { status: number; headers: Record<string, string>; body: string };

export type ProcedureKind = "query" | "mutation" | "subscription";

export type AnswerSingleCallOptions<TContext> = {
  router: AnyTRPCRouter;
  call: HttpCall;
  createContext: () => Promise<TContext>;
  /** Headers for an answer of this kind; the fetch adapter's `responseMeta` must give the same. */
  headersFor: (kind: ProcedureKind) => Record<string, string>;
  onError: (failure: { error: TRPCError; path: string | undefined }) => void;
};

const SIMPLE_CALL = /^\/([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)(?:\?(.*))?$/;

/** The answer to a single call, or null when the call is one for the fetch adapter. */
export async function answerSingleCall<TContext>(options: AnswerSingleCallOptions<TContext>): Promise<HttpAnswer | null> {
  const { router, call } = options;
  const parsed = parseSingleCall(router, call);
  if (!parsed) return null;
  const { path, procedure, input } = parsed;
  const kind: ProcedureKind = procedure._def.type;
  const config = router._def._config;
  let ctx: TContext | undefined;
  let json;
  let error: TRPCError | undefined;
  try {
    ctx = await options.createContext();
    const data: unknown = await callTRPCProcedure({ router, path, type: kind, ctx, getRawInput: async () => input, signal: undefined, batchIndex: 0 });
    json = { result: { data } };
  } catch (cause) {
    error = getTRPCErrorFromUnknown(cause);
    options.onError({ error, path });
    json = { error: getTRPCErrorShape({ config, ctx, error, input, path, type: kind }) };
  }
  return {
    status: getHTTPStatusCode(json, error ? [error] : []),
    headers: { vary: "trpc-accept, accept", "content-type": "application/json", ...options.headersFor(kind) },
    body: JSON.stringify(transformTRPCResponse(config, json)),
  };
}

type SingleCall = { path: string; procedure: AnyTRPCProcedure; input: unknown };

function parseSingleCall(router: AnyTRPCRouter, call: HttpCall): SingleCall | null {
  const match = SIMPLE_CALL.exec(call.rest);
  if (!match) return null;
  const path = match[1]!;
  const search = new URLSearchParams(match[2]);
  if (search.has("batch") || search.has("connectionParams") || asksForStream(call.headers)) return null;
  // The router's procedures are a flat map from dotted path to procedure at run time.
  const procedure = (router._def.procedures as Record<string, AnyTRPCProcedure | undefined>)[path];
  if (!procedure) return null;
  const kind = procedure._def.type;
  let text: string | null;
  if (kind === "query" && call.method === "GET") text = search.get("input");
  else if (kind === "mutation" && call.method === "POST" && isJson(call.headers)) text = call.body === "" ? null : call.body;
  else return null;
  try {
    const input = text === null ? undefined : router._def._config.transformer.input.deserialize(JSON.parse(text));
    return { path, procedure, input };
  } catch {
    // The fetch adapter says what is wrong with it.
    return null;
  }
}

/** A streamed answer (JSON lines) is asked for by either header; the fetch adapter refuses it unbatched. */
function asksForStream(headers: Headers): boolean {
  return headers.has("trpc-accept") || (headers.get("accept")?.includes("application/jsonl") ?? false);
}

function isJson(headers: Headers): boolean {
  return headers.get("content-type")?.split(";", 1)[0]?.trim().toLowerCase() === "application/json";
}
