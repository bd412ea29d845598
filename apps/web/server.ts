// The web app's HTTP server: the tRPC API answered directly, everything else by Next.js (pages,
// server actions, next-auth under /api/auth), plus what an operator needs (docs/production.md):
// JSON logs with a request id, /health/live and /health/ready, metrics on an internal port, and a
// graceful stop on SIGTERM. `pnpm dev` and `pnpm start` run it through server-register.mjs, which
// loads TypeScript; NODE_ENV=production selects the production build.
import { AsyncResource } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import next from "next";
import {
  checkReadiness,
  closeDb,
  coreConfiguration,
  createLogger,
  getPool,
  httpDuration,
  httpRequests,
  registerDatabaseGauges,
  requestMetUnavailable,
  routeConsoleTo,
  serveMetrics,
  withRequestId,
} from "@rekey/api/operations";
import { env, isSecureOrigin } from "@/server/env";
import { handleTrpcRequest, procedureNames, trpcRoute, type TrpcRoute } from "@/server/trpc-http";

// Both configurations are read on first use, which for the web app is the first request: a
// missing secret or the dev mailbox switched on in production would otherwise start a server
// that answers every page with an error. Refuse to start instead, and say why (the worker does too).
let config: ReturnType<typeof coreConfiguration>;
try {
  env();
  config = coreConfiguration();
} catch (error) {
  console.error(`Rekey web: not starting. ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const logger = createLogger({ service: "web", level: config.LOG_LEVEL, readable: process.env.NODE_ENV !== "production" });
routeConsoleTo(logger);
process.on("uncaughtException", (error) => {
  logger.fatal({ err: error }, "uncaught exception; stopping");
  process.exit(1);
});

const dev = process.env.NODE_ENV !== "production";
const port = Number(process.env.PORT ?? 3000);
// Browsers keep to https for two years once they have seen it; only for an https origin.
const strictTransportSecurity = !dev && isSecureOrigin() ? "max-age=63072000; includeSubDomains" : null;

const server = createServer();
// Idle keep-alive connections outlive a load balancer's (60 s for nginx's upstream keepalive and
// most cloud balancers), so the balancer, not this server, closes them: a server closing first
// races the balancer's next request on that connection, which then fails with a reset.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
// With the server handed over, `next dev` attaches its hot-reload websocket to it.
const app = next({ dev, dir: import.meta.dirname, port, httpServer: server });
const handleNext = app.getRequestHandler();
await app.prepare();

let draining = false;

server.on("request", (req, res) => {
  const requestId = requestIdOf(req);
  res.setHeader("x-request-id", requestId);
  if (strictTransportSecurity) res.setHeader("strict-transport-security", strictTransportSecurity);
  // While draining, each answer closes its connection, so keep-alive clients reconnect elsewhere.
  if (draining) res.setHeader("connection", "close");
  withRequestId(requestId, () => {
    const route = trpcRoute(req.url ?? "/");
    const routeLabel = labelOf(req, route);
    observe(req, res, routeLabel);
    if (routeLabel === "health") void answerHealth(req, res);
    else if (route) void handleTrpcRequest(req, res, route);
    else {
      answerUnavailableAs503(res);
      void handleNext(req, res);
    }
  });
});
server.listen(port, () => {
  logger.info({ port, mode: dev ? "development" : "production" }, `Rekey web (${dev ? "development" : "production"}) listening on http://localhost:${port}`);
});

if (config.METRICS_PORT) {
  registerDatabaseGauges(getPool());
  const metrics = await serveMetrics({ port: config.METRICS_PORT, host: config.METRICS_HOST });
  server.once("close", () => metrics.close());
  logger.info(`metrics on http://${config.METRICS_HOST}:${config.METRICS_PORT}/metrics`);
}

/**
 * A proxy's request id when one is trusted (TRUST_PROXY=1) and looks like an id; otherwise a
 * fresh one. Either way it comes back in `x-request-id` and is on every log line of the request.
 */
function requestIdOf(req: IncomingMessage): string {
  const given = req.headers["x-request-id"];
  if (env().TRUST_PROXY && typeof given === "string" && /^[\w.:-]{1,128}$/.test(given)) return given;
  return randomUUID();
}

/** The route as a metric label: a procedure the router knows, or the kind of page. Never a raw path. */
function labelOf(req: IncomingMessage, route: TrpcRoute | null): string {
  const path = (req.url ?? "/").split("?", 1)[0]!;
  if (path === "/health/live" || path === "/health/ready") return "health";
  if (route) {
    const names = new Set(procedureNames(route, req.url ?? "/"));
    const name = names.size === 1 ? [...names][0]! : "batch";
    return route.api === "tenant" ? `tenant-api ${name}` : `api ${name}`;
  }
  if (path.startsWith("/_next/")) return "static";
  if (path.startsWith("/api/auth/")) return "next-auth";
  return "page";
}

/** The access log line and the request metrics, when the answer is done. The path, never the query. */
function observe(req: IncomingMessage, res: ServerResponse, route: string) {
  const started = process.hrtime.bigint();
  // Bound to the request's async context: "close" is emitted from the socket's, where the request
  // id is not (the line would go out without it for a page answered by Next).
  res.once("close", AsyncResource.bind(() => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const status = res.headersSent ? res.statusCode : 0;
    httpRequests.inc({ route, status: status === 0 ? "aborted" : `${Math.floor(status / 100)}xx` });
    httpDuration.observe({ route }, seconds);
    const line = { method: req.method, path: (req.url ?? "/").split("?", 1)[0], status, durationMs: Math.round(seconds * 10_000) / 10, route };
    // Probes come every few seconds; they are in the metrics, and in the log only when asked for.
    if (route === "health") logger.debug(line, "request");
    else logger.info(line, "request");
  }));
}

/**
 * A page that failed because the database was out of reach is a 503 with Retry-After, not a 500:
 * the error page Next renders is the same ("something went wrong on our side"), but a load
 * balancer, a monitor and a crawler can tell an outage from a bug. Next's error boundary cannot
 * set a status, so the status is changed here, as the headers go out, when core noted the fault
 * in this request's scope (core/operations/request-scope.ts).
 */
function answerUnavailableAs503(res: ServerResponse) {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = ((statusCode: number, ...rest: unknown[]) => {
    if (statusCode === 500 && requestMetUnavailable()) {
      res.setHeader("retry-after", "5");
      return writeHead(503, ...rest);
    }
    return writeHead(statusCode, ...rest);
  }) as ServerResponse["writeHead"];
}

/**
 * GET /health/live: the process answers. GET /health/ready: it should get traffic (database,
 * migrations, worker; core/operations/check-readiness.ts), 503 while draining. Small JSON, nothing
 * secret, no authentication, never cached.
 */
async function answerHealth(req: IncomingMessage, res: ServerResponse) {
  const headers = { "content-type": "application/json", "cache-control": "no-store", "x-content-type-options": "nosniff" };
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { ...headers, allow: "GET, HEAD" }).end(JSON.stringify({ status: "down", error: "GET only" }));
    return;
  }
  if ((req.url ?? "").startsWith("/health/live")) {
    res.writeHead(200, headers).end(JSON.stringify({ status: "up" }));
    return;
  }
  const readiness = draining
    ? { status: "down" as const, checks: { shutdown: { status: "down", detail: "stopping" } } }
    : await checkReadiness(getPool());
  res.writeHead(readiness.status === "up" ? 200 : 503, headers).end(JSON.stringify(readiness));
}

/**
 * SIGTERM (or Ctrl-C): stop accepting connections, answer what is in flight (at most
 * SHUTDOWN_TIMEOUT_MS, then the connections left are closed), then close Next and the pool.
 * Readiness answers 503 from the first moment, so a load balancer stops sending.
 */
async function shutdown(signal: NodeJS.Signals) {
  if (draining) return;
  draining = true;
  logger.info({ signal, timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, "stopping: finishing requests in flight");
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const deadline = setTimeout(() => {
    logger.warn("stopping: requests still in flight at the deadline; closing their connections");
    server.closeAllConnections();
  }, config.SHUTDOWN_TIMEOUT_MS);
  await closed;
  clearTimeout(deadline);
  try {
    await app.close();
    await closeDb();
    logger.info("stopped");
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, "unclean stop");
    process.exit(1);
  }
}

for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, (received) => void shutdown(received));
