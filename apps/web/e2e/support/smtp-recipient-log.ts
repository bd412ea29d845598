// Loaded (node --import) into the second worker that scale-out.test.ts starts, never into the
// suite's own: it prints the recipient of every message the process hands to the SMTP server, so
// the test can tell which of two workers delivered which message. Observation only: what is sent
// is not changed, and the line names an address, never a message's content.
import diagnosticsChannel from "node:diagnostics_channel";
import type { Socket } from "node:net";

/** The start of each line this prints, the address following (more-instances.ts reads them). */
const smtpRecipientLine = "e2e: handed to SMTP for ";

const smtpPort = Number(new URL(process.env.SMTP_URL ?? "smtp://127.0.0.1:25").port || 25);

diagnosticsChannel.subscribe("net.client.socket", (message) => {
  const { socket } = message as { socket: Socket };
  socket.once("connect", () => {
    if (socket.remotePort !== smtpPort) return;
    const write = socket.write;
    socket.write = function (this: Socket, chunk: unknown, ...rest: unknown[]) {
      for (const [, address] of String(chunk).matchAll(/^RCPT TO:<([^>]+)>/gim)) process.stderr.write(`${smtpRecipientLine}${address}\n`);
      return (write as (...args: unknown[]) => boolean).apply(this, [chunk, ...rest]);
    } as Socket["write"];
  });
});
