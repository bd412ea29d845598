// A real SMTP server for the run: the worker delivers to it over TCP exactly as it would to a
// provider. Each message is appended to a JSON-lines file, which the test files read.
import { appendFileSync } from "node:fs";
import { SMTPServer } from "smtp-server";
import { parseMail } from "./mime";

export type ReceivedMail = {
  receivedAt: string;
  /** Envelope recipients (RCPT TO), lower-cased. */
  recipients: string[];
  subject: string;
  text: string;
  html: string;
};

export type SmtpSink = { url: string; close: () => Promise<void> };

export async function startSmtpSink(mailFile: string): Promise<SmtpSink> {
  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on loopback: no certificate to trust, nothing to protect.
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", callback);
      stream.on("end", () => {
        try {
          const parsed = parseMail(Buffer.concat(chunks).toString("utf8"));
          const mail: ReceivedMail = {
            receivedAt: new Date().toISOString(),
            recipients: session.envelope.rcptTo.map((recipient) => recipient.address.toLowerCase()),
            subject: parsed.subject,
            text: parsed.text,
            html: parsed.html,
          };
          appendFileSync(mailFile, `${JSON.stringify(mail)}\n`);
          callback();
        } catch (error) {
          callback(error instanceof Error ? error : new Error(String(error)));
        }
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
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
