import type { OutgoingSms, SmsProvider } from "./sms-provider";

export const defaultTwilioApiBase = "https://api.twilio.com";

export type CreateTwilioSmsProviderOptions = {
  accountSid: string;
  /** Never logged, never part of an error. */
  authToken: string;
  /** A sender number in E.164, or a Messaging Service SID ("MG..."), which picks the sender itself. */
  from: string;
  /** Base URL of a Twilio-compatible Messages API; tests point it at a local server. */
  apiBase?: string;
  /** Gives up on a silent provider; the outbox row stays locked while a send runs. */
  timeoutMs?: number;
};

/** Twilio's error resource (https://www.twilio.com/docs/api/errors). */
type TwilioErrorBody = { code?: unknown; message?: unknown; status?: unknown };
type TwilioMessageBody = { sid?: unknown; status?: unknown; error_code?: unknown };

/**
 * Sends through a Twilio-compatible Messages API:
 * POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded To/From/Body, HTTP Basic
 * auth. Errors carry the HTTP status and the provider's error code and (scrubbed) message, never the
 * request body: it holds a live code, and the error ends up in outbox_message.lastError and logs.
 */
export function createTwilioSmsProvider(options: CreateTwilioSmsProviderOptions): SmsProvider {
  const { accountSid, authToken, from, timeoutMs = 15_000 } = options;
  const base = (options.apiBase ?? defaultTwilioApiBase).replace(/\/+$/, "");
  const url = `${base}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
  const authorization = `Basic ${Buffer.from(`${accountSid}:${authToken}`, "utf8").toString("base64")}`;
  const sender: [string, string] = from.startsWith("MG") ? ["MessagingServiceSid", from] : ["From", from];

  return {
    async send(message: OutgoingSms) {
      const form = new URLSearchParams([["To", message.to], sender, ["Body", message.body]]);
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { authorization, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
          body: form,
          redirect: "error",
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new Error(`SMS provider unreachable: ${networkReason(error)}`);
      }
      const payload = await readJson(response);
      if (!response.ok) {
        const body = (payload ?? {}) as TwilioErrorBody;
        const code = typeof body.code === "number" || typeof body.code === "string" ? ` ${body.code}` : "";
        const reason = typeof body.message === "string" ? `: ${scrub(body.message, message.body)}` : "";
        throw new Error(`SMS provider refused the message (HTTP ${response.status}, error${code || " unknown"})${reason}`);
      }
      // A 2xx whose resource is already failed (seen when a sender is misconfigured) is no delivery.
      const created = (payload ?? {}) as TwilioMessageBody;
      if (created.status === "failed" || created.status === "undelivered") {
        const code = typeof created.error_code === "number" || typeof created.error_code === "string" ? ` ${created.error_code}` : " unknown";
        throw new Error(`SMS provider accepted but failed the message (status ${created.status}, error${code})`);
      }
    },
  };
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/**
 * Twilio's messages do not quote the body, but a "compatible" provider might: drop the body if it
 * appears, mask every run of four or more digits (the code, the recipient's number) and cap it.
 */
function scrub(providerMessage: string, body: string): string {
  return providerMessage
    .split(body)
    .join("[body]")
    .replace(/\d[\d\s-]{2,}\d/g, (run) => (run.replace(/\D/g, "").length >= 4 ? "[digits]" : run))
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 200);
}

function networkReason(error: unknown): string {
  if (error instanceof Error && error.name === "TimeoutError") return "no answer in time";
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === "string") return cause.code;
  return error instanceof Error ? error.message : String(error);
}
