import "server-only";
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { answerCalls, appRouter, createContext, createTenantContext, tenantRouter, type ProcedureKind } from "@rekey/api";
import { procedureOutcomes, throttleRefusals } from "@rekey/api/operations";
import type { AnyTRPCRouter, TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { parse as parseCookies } from "cookie";
import { DEFAULT_TENANT, isTenantSlug } from "@/lib/tenant-href";
import { apiContentSecurityPolicy, securityHeaders } from "../../security-headers";
import { sameSiteFlowTokens, sameSiteSessionToken } from "./api-request";
import { env } from "./env";
import { requestInfo } from "./request-info";

// tRPC over HTTP for tenant apps and the browser, served by server.ts in front of Next.js: Next's
// per-request work (routing, proxy.ts, the route module) cost about 4 ms of CPU per API call, more
// than the api and core together (docs/decisions.md, "The tenant API beside Next's router").
// The tenant is the URL's: `/api/trpc/<procedure>` for the default tenant,
// `/t/<slug>/api/trpc/<procedure>` for another. A session cookie counts only on same-origin requests.
// The tenant API (server to server, an API key in `Authorization`) is `/api/tenant/trpc`: its
// tenant is the key's, it reads no cookie, and it answers no CORS preflight.

export type TrpcRoute = { api: "hosted"; tenantSlug: string; endpoint: string } | { api: "tenant"; endpoint: string };

const TRPC_PATH = /^(?:\/t\/([^/?]+))?\/api\/trpc(?=\/|\?|$)/;
const TENANT_API_PATH = /^\/api\/tenant\/trpc(?=\/|\?|$)/;

/** A bigger body is no tRPC call of ours; it is refused before it is read to the end. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The tenant and endpoint of a tRPC request, or null when the URL is not the API's. The default
 * tenant's prefixed form and malformed slugs are left to Next (proxy.ts redirects the first; the
 * second is not found), so each tenant's API has one address.
 */
export function trpcRoute(url: string): TrpcRoute | null {
  if (TENANT_API_PATH.test(url)) return { api: "tenant", endpoint: "/api/tenant/trpc" };
  const match = TRPC_PATH.exec(url);
  if (!match) return null;
  const slug = match[1];
  if (slug === undefined) return { api: "hosted", tenantSlug: DEFAULT_TENANT, endpoint: "/api/trpc" };
  if (slug === DEFAULT_TENANT || !isTenantSlug(slug)) return null;
  return { api: "hosted", tenantSlug: slug, endpoint: match[0] };
}

const fixedHeaders: OutgoingHttpHeaders = {
  ...Object.fromEntries(securityHeaders.map(({ key, value }) => [key.toLowerCase(), value])),
  "content-security-policy": apiContentSecurityPolicy,
};

/** Answers with this header for a mutation: it may carry a session or device token, never stored by a cache. */
function headersFor(kind: ProcedureKind | "unknown"): Record<string, string> {
  return kind === "mutation" ? { "cache-control": "no-store" } : {};
}

function logInternalError({ error, path }: { error: TRPCError; path: string | undefined }) {
  // Expected errors (validation, domain codes) are answers, not incidents.
  if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[trpc] ${path ?? "?"}: ${error.message}`);
}

/**
 * The procedures a request names, as metric labels: only names the router has, so a made-up path
 * is "unknown" and cannot grow the metrics without bound.
 */
export function procedureNames(route: TrpcRoute, url: string): string[] {
  const router = route.api === "tenant" ? tenantRouter : appRouter;
  const procedures = router._def.procedures as Record<string, unknown>;
  const paths = url.slice(route.endpoint.length).split("?", 1)[0]!.replace(/^\//, "").split(",");
  return paths.map((path) => (Object.hasOwn(procedures, path) ? path : "unknown"));
}

/** Counts each call's outcome: ok, or its error's code (TOO_MANY_REQUESTS also as a throttle refusal). */
function countOutcomes(route: TrpcRoute, url: string, failures: Map<string, TRPCError["code"][]>) {
  const api = route.api;
  for (const procedure of procedureNames(route, url)) {
    const outcome = failures.get(procedure)?.shift() ?? "ok";
    procedureOutcomes.inc({ api, procedure, outcome });
    if (outcome === "TOO_MANY_REQUESTS") throttleRefusals.inc({ api, procedure });
  }
}

/**
 * Answers one tRPC request. The body is read whole and the answer written in one piece with its
 * length: the API's calls are small JSON, and it has no subscriptions to stream. A call or a batch
 * of calls goes straight to its procedures (`answerCalls`); streams and malformed requests go
 * through tRPC's fetch adapter.
 */
export async function handleTrpcRequest(req: IncomingMessage, res: ServerResponse, route: TrpcRoute): Promise<void> {
  try {
    const body = await readBody(req);
    if (body === "too-large") {
      // Answered once the client has sent the rest (dropped unread, a few seconds at most): a
      // client still writing when the socket closes sees a broken pipe instead of the 413.
      await bodyDrained(req, 5_000);
      send(res, 413, { "content-type": "application/json", connection: "close" }, JSON.stringify({ error: { message: "The request body is too large." } }));
      return;
    }
    const method = req.method ?? "GET";
    const url = req.url ?? "/";
    const headers = headersOf(req);
    if (route.api === "tenant" && method === "OPTIONS") {
      // No CORS: tenant apps call this API from their servers, never from a browser.
      send(res, 405, { allow: "GET, POST", "content-type": "application/json" }, JSON.stringify({ error: { message: "This API takes no cross-origin calls from browsers." } }));
      return;
    }
    const { router, createContext } = apiOf(route, req, headers);
    const call = { method, rest: url.slice(route.endpoint.length), headers, body: body.toString("utf8") };
    const failures = new Map<string, TRPCError["code"][]>();
    const onError = (failure: { error: TRPCError; path: string | undefined }) => {
      logInternalError(failure);
      const procedure = failure.path && Object.hasOwn(router._def.procedures, failure.path) ? failure.path : "unknown";
      failures.set(procedure, [...(failures.get(procedure) ?? []), failure.error.code]);
    };
    const answer =
      (await answerCalls({ router, call, createContext, headersFor, onError })) ??
      (await answerThroughFetchAdapter(new Request(new URL(url, env().APP_ORIGIN), { method, headers, body: method === "GET" || method === "HEAD" ? undefined : body }), route, router, createContext, onError));
    countOutcomes(route, url, failures);
    send(res, answer.status, answer.headers, answer.body);
  } catch (error) {
    // Only faults of this bridge land here (tRPC answers its own errors); the cause stays in the log.
    console.error(`[trpc] ${req.method ?? "?"} ${route.endpoint}: ${error instanceof Error ? error.message : String(error)}`);
    if (!res.headersSent) {
      send(res, 500, { "content-type": "application/json" }, JSON.stringify({ error: { message: "Something went wrong on our side. Nothing was changed; please try again." } }));
    } else {
      res.destroy();
    }
  }
}

/**
 * The router and context of a request: the hosted pages' API (tenant from the URL, session from a
 * same-site cookie) or the tenant API (tenant from the API key, never a cookie).
 */
function apiOf(route: TrpcRoute, req: IncomingMessage, headers: Headers): { router: AnyTRPCRouter; createContext: () => Promise<unknown> } {
  if (route.api === "tenant") {
    return { router: tenantRouter, createContext: () => createTenantContext({ authorization: headers.get("authorization"), ...requestInfo(headers) }) };
  }
  const cookies = parseCookies(req.headers.cookie ?? "");
  const apiRequest = { headers, cookies: { get: (name: string) => (cookies[name] === undefined ? undefined : { value: cookies[name] }) } };
  const { tenantSlug } = route;
  const createHostedContext = () =>
    createContext({
      tenantSlug,
      sessionToken: sameSiteSessionToken(apiRequest, tenantSlug),
      ...sameSiteFlowTokens(apiRequest, tenantSlug),
      ...requestInfo(headers),
    });
  return { router: appRouter, createContext: createHostedContext };
}

/** Batches, streams and every malformed call: tRPC's fetch adapter, with the same headers and logging. */
async function answerThroughFetchAdapter(
  request: Request,
  route: TrpcRoute,
  router: AnyTRPCRouter,
  createContext: () => Promise<unknown>,
  onError: (failure: { error: TRPCError; path: string | undefined }) => void,
) {
  const response = await fetchRequestHandler({
    endpoint: route.endpoint,
    req: request,
    router,
    createContext,
    responseMeta: ({ type }) => ({ headers: headersFor(type) }),
    onError,
  });
  const headers: OutgoingHttpHeaders = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const setCookies = response.headers.getSetCookie();
  if (setCookies.length > 0) headers["set-cookie"] = setCookies;
  return { status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) };
}

/** Writes the whole answer at once, with the site's security headers and its length. */
function send(res: ServerResponse, status: number, headers: OutgoingHttpHeaders, body: string | Buffer) {
  res.writeHead(status, { ...fixedHeaders, ...headers, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let index = 0; index < raw.length; index += 2) {
    const name = raw[index]!;
    // HTTP/2 pseudo-headers (":path") are not headers a Request can hold.
    if (!name.startsWith(":")) headers.append(name, raw[index + 1]!);
  }
  return headers;
}

function bodyDrained(req: IncomingMessage, timeoutMs: number): Promise<void> {
  if (req.readableEnded || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    function done() {
      clearTimeout(timer);
      req.off("end", done);
      req.off("close", done);
      resolve();
    }
    req.once("end", done);
    req.once("close", done);
  });
}

function readBody(req: IncomingMessage): Promise<Buffer<ArrayBuffer> | "too-large"> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => {
      // The rest is read and dropped; the answer closes the connection (send's "connection").
      req.removeAllListeners("data");
      req.resume();
      resolve("too-large");
    };
    if (Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES) return tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) return tooLarge();
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
