// The notification worker: delivers the outbox through pg-boss (see docs/architecture.md,
// "Outgoing mail"). Run with `pnpm --filter @rekey/worker start`; configuration comes from the
// same environment as the web app (DATABASE_URL, REKEY_ENCRYPTION_KEYS, SMTP_URL, MAIL_FROM,
// SMS_PROVIDER and TWILIO_*). Logs are JSON lines (pino); it beats a heartbeat the web servers'
// readiness check reads, and serves metrics when METRICS_PORT is set (docs/production.md).
import { closeDb, getPool } from "@rekey/core/db";
import { env } from "@rekey/core/env";
import { createLogger, registerDatabaseGauges, routeConsoleTo, serveMetrics, startWorkerHeartbeat } from "@rekey/core/operations";
import { startOutboxWorker } from "@rekey/core/outbox";
import { startEventWorker } from "@rekey/core";

// Invalid configuration stops the worker here, before it takes a job it could not deliver.
let config: ReturnType<typeof env>;
try {
  config = env();
} catch (error) {
  console.error(`Rekey worker: not starting. ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
const logger = createLogger({ service: "worker", level: config.LOG_LEVEL, readable: config.NODE_ENV !== "production" });
routeConsoleTo(logger);
const worker = await startOutboxWorker();
// Which transport, never its URL: SMTP_URL carries the SMTP password.
console.info(`worker: delivering outbox mail via ${config.SMTP_URL ? "SMTP" : "the development mailbox (/dev/mail)"}`);
// Which provider and API host, never the account's credentials.
const smsRoute =
  config.SMS_PROVIDER === "twilio"
    ? `the Messages API at ${new URL(config.TWILIO_API_BASE).host}`
    : config.NODE_ENV === "production"
      ? "nothing: SMS_PROVIDER is console, so texts fail until a provider is configured"
      : "the development console (/dev/mail)";
console.info(`worker: delivering text messages via ${smsRoute}`);
// The security-event feed's sequencer and the webhooks (docs/architecture.md, "The event feed and webhooks").
const events = await startEventWorker();
console.info(
  `worker: numbering security events every ${config.REKEY_EVENTS_INTERVAL_MS} ms and delivering webhooks` +
    (config.REKEY_WEBHOOK_ALLOW_LOCAL ? " (http:// and local receivers allowed: development)" : ""),
);

const heartbeat = await startWorkerHeartbeat(getPool(), { onError: (error) => logger.warn({ err: error }, "worker: heartbeat not written; retrying") });
const metrics = config.METRICS_PORT ? await serveMetrics({ port: config.METRICS_PORT, host: config.METRICS_HOST }) : undefined;
if (metrics) {
  registerDatabaseGauges(getPool());
  console.info(`worker: metrics on http://${config.METRICS_HOST}:${config.METRICS_PORT}/metrics`);
}

let stopping = false;

async function shutdown(signal: NodeJS.Signals) {
  // One Ctrl-C reaches us twice (from the terminal's process group and relayed by tsx), so repeats
  // are ignored; worker.stop() gives up on deliveries in flight after 30 s by itself.
  if (stopping) return;
  stopping = true;
  console.info(`worker: ${signal}, finishing deliveries in flight`);
  heartbeat.stop();
  metrics?.close();
  // Past the deadline, what is still running is left to pg-boss: a job not completed is retried
  // by another worker once its lease expires (at least once, never lost).
  const deadline = setTimeout(() => {
    console.warn(`worker: deliveries still in flight after ${config.SHUTDOWN_TIMEOUT_MS} ms; stopping without them`);
    process.exit(1);
  }, config.SHUTDOWN_TIMEOUT_MS);
  deadline.unref();
  try {
    await Promise.all([worker.stop(), events.stop()]);
    await closeDb();
    process.exit(0);
  } catch (error) {
    console.error(`worker: unclean stop: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

process.on("SIGINT", (signal) => void shutdown(signal));
process.on("SIGTERM", (signal) => void shutdown(signal));
