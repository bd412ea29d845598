import { maskPhoneNumber } from "./mask-phone-number";
import type { OutgoingSms, SmsProvider } from "./sms-provider";

export type CreateConsoleSmsProviderOptions = {
  log?: (line: string) => void;
};

/**
 * Development delivery: nothing leaves the machine. The text stays readable in the dev mail viewer
 * (/dev/mail), which lists outbox rows of every channel, so the log names only the masked number:
 * the body is a live sign-in code even on a developer's machine (S3).
 */
export function createConsoleSmsProvider(options: CreateConsoleSmsProviderOptions = {}): SmsProvider {
  const log = options.log ?? ((line: string) => console.info(line));
  return {
    async send(message: OutgoingSms) {
      log(`sms to ${maskPhoneNumber(message.to)} queued (see /dev/mail)`);
    },
  };
}
