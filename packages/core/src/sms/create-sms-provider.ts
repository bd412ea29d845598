import { env, type Env } from "../env";
import { createConsoleSmsProvider } from "./console-sms-provider";
import type { OutgoingSms, SmsProvider } from "./sms-provider";
import { createTwilioSmsProvider } from "./twilio-sms-provider";

export type CreateSmsProviderOptions = {
  /** Defaults to env(); tests pass their own so they need not touch the cached configuration. */
  config?: Pick<Env, "SMS_PROVIDER" | "TWILIO_ACCOUNT_SID" | "TWILIO_AUTH_TOKEN" | "TWILIO_FROM" | "TWILIO_API_BASE" | "NODE_ENV">;
  log?: (line: string) => void;
};

/** The configured provider: Twilio (or a compatible API) when SMS_PROVIDER=twilio, the console otherwise. */
export function createSmsProvider(options: CreateSmsProviderOptions = {}): SmsProvider {
  const config = options.config ?? env();
  if (config.SMS_PROVIDER === "twilio") {
    const { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, TWILIO_FROM: from } = config;
    if (!accountSid || !authToken || !from) throw new Error("Invalid configuration: SMS_PROVIDER=twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM");
    return createTwilioSmsProvider({ accountSid, authToken, from, apiBase: config.TWILIO_API_BASE });
  }
  if (config.NODE_ENV === "production") {
    // Not a start-up error: a deployment whose tenants do not use SMS must still deliver its mail.
    // But a text must not be marked sent while nobody receives it, so it fails, is retried, and
    // shows up as failed in the outbox.
    return {
      async send(_message: OutgoingSms) {
        throw new Error("No SMS provider configured (SMS_PROVIDER is console in production)");
      },
    };
  }
  return createConsoleSmsProvider({ log: options.log });
}
