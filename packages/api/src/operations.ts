// What apps/web/server.ts needs to run the process (logs, health, metrics, the pool it closes on
// shutdown), apart from the api's index: Next's bundle imports the index, and must not pull in
// pino or prom-client, which only the server process uses (docs/production.md).
export { closeDb, getPool } from "@rekey/core/db";
export { env as coreConfiguration } from "@rekey/core/env";
export {
  checkReadiness,
  createLogger,
  httpDuration,
  httpRequests,
  procedureOutcomes,
  registerDatabaseGauges,
  requestMetUnavailable,
  routeConsoleTo,
  serveMetrics,
  throttleRefusals,
  withRequestId,
} from "@rekey/core/operations";
