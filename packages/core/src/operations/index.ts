// Running Rekey: logs, health, metrics, the worker's heartbeat (docs/production.md).
export { createLogger, currentRequestId, routeConsoleTo, scrubSecrets, withRequestId, type LogLevel } from "./logger";
export { checkReadiness, WORKER_STALE_SECONDS, type Readiness, type ReadinessCheck } from "./check-readiness";
export { startWorkerHeartbeat } from "./beat-worker-heartbeat";
export { httpDuration, httpRequests, procedureOutcomes, registerDatabaseGauges, registry, serveMetrics, throttleRefusals } from "./metrics";
