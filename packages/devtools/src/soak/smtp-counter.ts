// A local SMTP server the worker delivers to over TCP, as to a provider (the e2e suite's sink,
// apps/web/e2e/support/smtp-sink.ts, without the parsing). Mail carries no outbox id, so it
// counts deliveries per envelope recipient; the soak compares those counts with the outbox rows
// per recipient: fewer is a lost message, more a duplicate.
import { SMTPServer } from "smtp-server";

export type SmtpCounter = { url: string; received: Map<string, number>; total: () => number; close: () => Promise<void> };

export async function startSmtpCounter(): Promise<SmtpCounter> {
  const received = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on loopback: no certificate to trust, nothing to protect.
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      stream.on("data", () => {});
      stream.on("error", callback);
      stream.on("end", () => {
        for (const recipient of session.envelope.rcptTo) {
          const address = recipient.address.toLowerCase();
          received.set(address, (received.get(address) ?? 0) + 1);
        }
        callback();
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.server.address();
      if (typeof address === "object" && address) resolve(address.port);
      else reject(new Error("the SMTP server has no port"));
    });
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    total: () => [...received.values()].reduce((sum, value) => sum + value, 0),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
