import { format } from "node:util";
import pino, { type Logger } from "pino";
import pretty from "pino-pretty";
import { currentRequestId } from "./request-scope";

// Structured logs for operators: one JSON object per line on stdout (pino), with the service, the
// request id of the request that wrote it (every line written while a request is handled, by our
// code, Next.js or a library), and nothing secret (S3). Secrets are kept out twice: by field
// (pino's redaction of passwords, codes, tokens, cookies, authorization headers) and by pattern
// in free text (an error message that quotes a URL with a token, a Bearer header, an API key).


/** Field names whose values never reach a log, at the top level and one or two levels down. */
const secretFields = [
  "password",
  "currentPassword",
  "newPassword",
  "code",
  "token",
  "sessionToken",
  "deviceToken",
  "recoveryCode",
  "secret",
  "apiKey",
  "authorization",
  "cookie",
  "set-cookie",
];
const redactPaths = secretFields.flatMap((field) => {
  const key = /^[A-Za-z_$][\w$]*$/.test(field) ? field : `["${field}"]`;
  const child = key.startsWith("[") ? key : `.${key}`;
  return [key, `*${child}`, `*.*${child}`];
});

// What a secret looks like in free text. Each keeps its label and hides the value.
const secretPatterns: [RegExp, string][] = [
  [/\brky_(live|test)_[A-Za-z0-9]+/g, "rky_$1_[redacted]"],
  [/\bwhsec_[A-Za-z0-9+/=]+/g, "whsec_[redacted]"],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, "$1 [redacted]"],
  // Single-use links and codes in URLs, query or fragment: ?token=..., #token=..., rekey_code=...
  [/([?#&](?:token|code|rekey_code|state)=)[^&#\s"']+/gi, "$1[redacted]"],
  // Cookies as a header quotes them.
  [/\b((?:__Host-|__Secure-)?(?:rekey_[a-z_]+|next-auth\.[a-z-]+|authjs\.[a-z-]+)=)[^;\s"']+/gi, "$1[redacted]"],
  // A connection string's password.
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^:/\s@]+:)[^@\s]+@/gi, "$1[redacted]@"],
];

/** `text` with anything that looks like a secret replaced by its label and "[redacted]". */
export function scrubSecrets(text: string): string {
  let scrubbed = text;
  for (const [pattern, replacement] of secretPatterns) scrubbed = scrubbed.replace(pattern, replacement);
  return scrubbed;
}

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

export type CreateLoggerOptions = {
  service: "web" | "worker";
  level?: LogLevel;
  /** Where lines go; stdout unless a test captures them. */
  destination?: pino.DestinationStream;
  /** One readable line per entry instead of JSON (pino-pretty): for a developer's terminal. */
  readable?: boolean;
};

export function createLogger({ service, level = "info", destination, readable = false }: CreateLoggerOptions): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
    redact: { paths: redactPaths, censor: "[redacted]" },
    hooks: {
      // Free text (the message and any string argument) is scrubbed; objects are redacted by field.
      logMethod(args, method) {
        const scrubbed = args.map((arg) => (typeof arg === "string" ? scrubSecrets(arg) : arg)) as Parameters<typeof method>;
        return method.apply(this, scrubbed);
      },
    },
    serializers: {
      err: (error: unknown) => {
        // `code` is a redacted field (a one-time code), so an error's code travels as `errorCode`.
        const { code, ...serialized } = pino.stdSerializers.err(error as Error) as ReturnType<typeof pino.stdSerializers.err> & { code?: unknown };
        return { ...serialized, errorCode: code, message: scrubSecrets(serialized.message), stack: serialized.stack ? scrubSecrets(serialized.stack) : undefined };
      },
    },
  };
  // Written synchronously: a line logged just before process.exit (a refused start, a stop) is kept.
  const stream = destination ?? (readable ? pretty({ sync: true, translateTime: "HH:MM:ss", ignore: "pid,hostname,service" }) : pino.destination({ dest: 1, sync: true }));
  return pino(options, stream);
}

/**
 * Sends console.* through `logger`, so the lines of code that print (ours, Next.js, libraries) are
 * JSON with a request id and scrubbed like the rest. Arguments are formatted as console would.
 */
export function routeConsoleTo(logger: Logger): void {
  const levels = { debug: "debug", log: "info", info: "info", warn: "warn", error: "error" } as const;
  for (const [method, level] of Object.entries(levels)) {
    (console as unknown as Record<string, (...args: unknown[]) => void>)[method] = (...args: unknown[]) => {
      const error = args.find((arg): arg is Error => arg instanceof Error);
      if (error) logger[level]({ err: error }, format(...args.filter((arg) => arg !== error)) || error.message);
      else logger[level](format(...args));
    };
  }
}
