// A tenant app signed in through Rekey, on node:http and @rekey/sdk alone:
//   /           "Signed in as <email>" (its cookie checked with Rekey on every request), or a sign-in link
//   /callback   exchanges the one-time `rekey_code` the hosted sign-in sends back for a session token
//   /sign-out   (POST) ends the session in Rekey and clears the cookie
//   /webhooks   (POST) Standard Webhooks from Rekey, checked with the endpoint's secret
import { randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createRekeyClient, TRPCClientError, verifyRequest, verifyWebhook, WebhookVerificationError } from "@rekey/sdk";
import { readConfig } from "./config";

const config = readConfig();
const rekey = createRekeyClient({ baseUrl: config.rekeyUrl, apiKey: config.apiKey });

const sessionCookie = "rekey_session";
// Login CSRF: without it, anyone could send a person to /callback with a code of their own account
// and sign them in as someone else. The sign-in link carries a random state that only this
// browser's cookie matches.
const stateCookie = "rekey_state";
const secureCookies = config.appUrl.startsWith("https://");
const maxWebhookBytes = 256 * 1024;

const server = createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    console.error(`${req.method} ${req.url}: ${error instanceof Error ? error.message : String(error)}`);
    if (!res.headersSent) page(res, 502, "Rekey did not answer", "<p>Rekey could not be reached or refused the call. Try again.</p>");
    else res.destroy();
  });
});

async function handle(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? "/", config.appUrl);
  if (url.pathname === "/" && req.method === "GET") return home(req, res);
  if (url.pathname === "/callback" && req.method === "GET") return callback(req, res, url);
  if (url.pathname === "/sign-out" && req.method === "POST") return signOut(req, res);
  if (url.pathname === "/webhooks" && req.method === "POST") return webhook(req, res);
  page(res, 404, "Not found", '<p><a href="/">Home</a></p>');
}

async function home(req: IncomingMessage, res: ServerResponse) {
  const session = await verifyRequest(req, { client: rekey, cookieName: sessionCookie });
  if (session.active) {
    page(
      res,
      200,
      "Example app",
      `<p>Signed in as ${escapeHtml(session.email)}</p>
      <p>Signed in with ${escapeHtml(session.methods.join(", "))} (${escapeHtml(session.level)}); this session ends ${escapeHtml(session.expiresAt.toISOString())}.</p>
      <form method="post" action="/sign-out"><button type="submit">Sign out</button></form>`,
    );
    return;
  }
  const state = randomBytes(16).toString("base64url");
  const returnTo = `${config.appUrl}/callback?state=${state}`;
  const hosted = config.tenant === "default" ? config.rekeyUrl : `${config.rekeyUrl}/t/${config.tenant}`;
  const signIn = `${hosted}/sign-in?return_to=${encodeURIComponent(returnTo)}`;
  res.setHeader("set-cookie", cookie(stateCookie, state, 600));
  page(res, 200, "Example app", `<p>You are not signed in.</p><p><a href="${escapeHtml(signIn)}">Sign in with Rekey</a></p>`);
}

async function callback(req: IncomingMessage, res: ServerResponse, url: URL) {
  const code = url.searchParams.get("rekey_code");
  const state = url.searchParams.get("state") ?? "";
  const expected = cookiesOf(req).get(stateCookie) ?? "";
  if (!code || !expected || !sameString(state, expected)) {
    page(res, 400, "Sign-in not finished", '<p>This sign-in link was not started here, or is old. <a href="/">Start again</a>.</p>');
    return;
  }
  try {
    // The code is single use and lives a minute; only this app's API key can turn it into a session.
    const { token, session } = await rekey.sessions.exchange.mutate({ code });
    const maxAge = Math.max(0, Math.floor((session.expiresAt.getTime() - Date.now()) / 1000));
    res.writeHead(303, { location: "/", "set-cookie": [cookie(sessionCookie, token, maxAge), cookie(stateCookie, "", 0)], "cache-control": "no-store" });
    res.end();
  } catch (error) {
    if (!(error instanceof TRPCClientError)) throw error;
    page(res, 400, "Sign-in not finished", `<p>${escapeHtml(error.message)}</p><p><a href="/">Start again</a></p>`);
  }
}

async function signOut(req: IncomingMessage, res: ServerResponse) {
  const session = await verifyRequest(req, { client: rekey, cookieName: sessionCookie });
  if (session.active) await rekey.sessions.revoke.mutate({ sessionId: session.sessionId });
  res.writeHead(303, { location: "/", "set-cookie": cookie(sessionCookie, "", 0) });
  res.end();
}

async function webhook(req: IncomingMessage, res: ServerResponse) {
  if (!config.webhookSecret) {
    res.writeHead(404).end("Webhooks are not set up here (REKEY_WEBHOOK_SECRET).");
    return;
  }
  const body = await readBody(req);
  if (!body) {
    res.writeHead(413).end();
    return;
  }
  try {
    // The body exactly as sent: the signature covers its bytes.
    const event = verifyWebhook(body, req.headers, config.webhookSecret);
    console.log(`webhook ${String(req.headers["webhook-id"])}: ${event.type}`);
    res.writeHead(204).end();
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error;
    console.warn(`webhook refused: ${error.code}`);
    res.writeHead(400, { "content-type": "text/plain" }).end(error.code);
  }
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxWebhookBytes) chunks.push(chunk);
    });
    req.on("end", () => resolve(size <= maxWebhookBytes ? Buffer.concat(chunks) : null));
    req.on("error", reject);
  });
}

function cookie(name: string, value: string, maxAgeSeconds: number): string {
  return `${name}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secureCookies ? "; Secure" : ""}`;
}

function cookiesOf(req: IncomingMessage): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const separator = part.indexOf("=");
    if (separator > 0) cookies.set(part.slice(0, separator).trim(), part.slice(separator + 1).trim());
  }
  return cookies;
}

function sameString(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function page(res: ServerResponse, status: number, title: string, body: string) {
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "content-security-policy": "default-src 'none'; form-action 'self'; frame-ancestors 'none'",
    "referrer-policy": "no-referrer",
  });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

server.listen(config.port, () => {
  console.log(`Example tenant app on ${config.appUrl} (tenant ${config.tenant} at ${config.rekeyUrl})`);
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => server.close(() => process.exit(0)));
}
