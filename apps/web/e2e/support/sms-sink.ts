// The run's phone network: a local server speaking Twilio's Messages API, which the worker's real
// Twilio adapter (SMS_PROVIDER=twilio) delivers to, as it would to a provider. Each text is
// appended to a JSON-lines file, which the test files read (support/phone.ts).
//
// Why not the development console: it leaves texts in /dev/mail, which the app refuses to serve
// in production (NODE_ENV=production, as the web server runs here), and the console provider
// fails every text in production on purpose. The worker also refuses a plain-http API base in
// production, so this serves https with a certificate made for the run (openssl) and the worker
// trusts it through NODE_EXTRA_CA_CERTS.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, readFileSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { createServer } from "node:https";
import path from "node:path";

export type ReceivedSms = {
  receivedAt: string;
  /** E.164, as the worker sent it. */
  to: string;
  from: string;
  body: string;
};

export type SmsSink = {
  /** TWILIO_* variables for the web app and the worker, and the CA file for NODE_EXTRA_CA_CERTS. */
  env: { SMS_PROVIDER: "twilio"; TWILIO_ACCOUNT_SID: string; TWILIO_AUTH_TOKEN: string; TWILIO_FROM: string; TWILIO_API_BASE: string };
  caFile: string;
  close: () => Promise<void>;
};

/** A self-signed certificate for 127.0.0.1 that lives as long as the run. */
function makeCertificate(workDir: string): { keyFile: string; certFile: string } {
  const keyFile = path.join(workDir, "sms-sink.key");
  const certFile = path.join(workDir, "sms-sink.crt");
  try {
    const args = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyFile, "-out", certFile, "-days", "1"];
    execFileSync("openssl", [...args, "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], { stdio: ["ignore", "ignore", "pipe"] });
  } catch (error) {
    throw new Error(`openssl could not make the SMS sink's certificate (is openssl installed?): ${error instanceof Error ? error.message : String(error)}`);
  }
  return { keyFile, certFile };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

export async function startSmsSink(workDir: string, smsFile: string): Promise<SmsSink> {
  const { keyFile, certFile } = makeCertificate(workDir);
  const accountSid = `AC${randomBytes(16).toString("hex")}`;
  const authToken = randomBytes(16).toString("hex");
  const from = "+15005550006";
  const messagesPath = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
  const expectedAuthorization = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;

  const server = createServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, (request, response) => {
    void readBody(request).then((raw) => {
      const reply = (status: number, body: unknown) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(JSON.stringify(body));
      };
      // Twilio's answers to a wrong path or wrong credentials: the adapter must get both right.
      if (request.method !== "POST" || request.url !== messagesPath) return reply(404, { code: 20404, message: "The requested resource was not found", status: 404 });
      if (request.headers.authorization !== expectedAuthorization) return reply(401, { code: 20003, message: "Authenticate", status: 401 });
      const form = new URLSearchParams(raw);
      const sms: ReceivedSms = { receivedAt: new Date().toISOString(), to: form.get("To") ?? "", from: form.get("From") ?? "", body: form.get("Body") ?? "" };
      appendFileSync(smsFile, `${JSON.stringify(sms)}\n`);
      return reply(201, { sid: `SM${randomBytes(16).toString("hex")}`, status: "queued", to: sms.to, from: sms.from });
    });
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      if (typeof address === "object" && address) resolve(address.port);
      else reject(new Error("the SMS sink has no port"));
    });
  });
  return {
    env: { SMS_PROVIDER: "twilio", TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, TWILIO_FROM: from, TWILIO_API_BASE: `https://127.0.0.1:${port}` },
    caFile: certFile,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
