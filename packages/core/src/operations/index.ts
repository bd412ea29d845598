// Running Rekey: logs, health, metrics, the worker's heartbeat (docs/production.md).
export { createLogger, routeConsoleTo, scrubSecrets, type LogLevel } from "./logger";
export { currentRequestId, noteUnavailable, requestMetUnavailable, withRequestId } from "./request-scope";
export { checkReadiness, WORKER_STALE_SECONDS, type Readiness, type ReadinessCheck } from "./check-readiness";
export { startWorkerHeartbeat } from "./beat-worker-heartbeat";
export { httpDuration, httpRequests, procedureOutcomes, registerDatabaseGauges, registry, serveMetrics, throttleRefusals } from "./metrics";
