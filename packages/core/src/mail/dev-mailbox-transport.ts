import type { MailTransport, OutgoingMail } from "./mail-transport";

export type CreateDevMailboxTransportOptions = {
  log?: (line: string) => void;
};

/**
 * Development delivery: nothing leaves the machine. The message stays readable in the dev mail
 * viewer (/dev/mail), which reads the sealed outbox row, so the log line names only recipient and
 * subject: links in the body are live credentials even on a developer's machine (S3).
 */
export function createDevMailboxTransport(options: CreateDevMailboxTransportOptions = {}): MailTransport {
  const log = options.log ?? ((line: string) => console.info(line));
  return {
    async send(message: OutgoingMail) {
      log(`mail to ${message.to}: ${message.subject} (see /dev/mail)`);
    },
  };
}
