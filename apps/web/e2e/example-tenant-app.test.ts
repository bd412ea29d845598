// A tenant app's whole path, as a person sees it: examples/tenant-app (node:http and @rekey/sdk
// alone) runs as its own process, sends the person to the hosted sign-in with its return_to,
// gets them back with a one-time code, exchanges it through the tenant API and shows who is
// signed in; signing out there ends the session in Rekey.
import { createHash, createHmac, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { newDevApiKey } from "@rekey/devtools/dev-secrets";
import { launchBrowser, newDevice, textOf } from "./support/browser";
import { createConfirmedAccount, newPerson, submitSignIn } from "./support/people";
import { startService, stopService, waitUntil, type Service } from "./support/processes";

const exampleAppDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../examples/tenant-app");
const webhookSecret = `whsec_${randomBytes(32).toString("base64")}`;

let browser: Browser;
let app: Service;
let appUrl: string;
let logDir: string;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function sql(text: string, values: unknown[]) {
  const client = new pg.Client({ connectionString: inject("e2e").databaseUrl });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

/**
 * What the Developers page would do for the demo tenant's admin: a test key with the session
 * scopes (its hash stored, as core stores it) and the app's origin among the sign-in's return origins.
 */
async function registerExampleApp(origin: string): Promise<string> {
  const key = newDevApiKey();
  const { rows } = await sql(`SELECT id FROM tenant WHERE slug = 'demo'`, []);
  const tenantId = (rows[0] as { id: string }).id;
  await sql(
    `INSERT INTO api_key (id, "tenantId", name, environment, prefix, "secretHash", scopes, "createdById")
     VALUES ($1, $2, 'Example app (e2e)', 'test', $3, $4, ARRAY['sessions:read', 'sessions:write'], 'e2e')`,
    [`key_e2e${randomBytes(8).toString("hex")}`, tenantId, key.slice(0, 13), createHash("sha256").update(key).digest("base64url")],
  );
  await sql(
    `UPDATE tenant SET policy = policy || jsonb_build_object('api',
       COALESCE(policy->'api', '{}'::jsonb) || jsonb_build_object('returnOrigins', COALESCE(policy->'api'->'returnOrigins', '[]'::jsonb) || to_jsonb($2::text)))
     WHERE id = $1`,
    [tenantId, origin],
  );
  return key;
}

beforeAll(async () => {
  const { baseUrl } = inject("e2e");
  const port = await freePort();
  appUrl = `http://localhost:${port}`;
  const apiKey = await registerExampleApp(appUrl);
  // The web server keeps a tenant's policy for 10 s (get-tenant-by-slug.ts): the new return
  // origin counts once the copy read by earlier tests has aged out.
  await new Promise((resolve) => setTimeout(resolve, 11_000));
  logDir = mkdtempSync(path.join(os.tmpdir(), "rekey-example-app-"));
  app = startService("example tenant app", process.execPath, ["--import", import.meta.resolve("tsx"), "src/server.ts"], {
    cwd: exampleAppDir,
    env: { PATH: process.env.PATH, NODE_ENV: "production", PORT: String(port), APP_URL: appUrl, REKEY_URL: baseUrl, REKEY_TENANT: "demo", REKEY_API_KEY: apiKey, REKEY_WEBHOOK_SECRET: webhookSecret },
    logFile: path.join(logDir, "example-app.log"),
  });
  await waitUntil(app, "the example app listening", async () => (await fetch(`${appUrl}/webhooks`, { method: "POST" })).status > 0, 30_000);
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  if (app) await stopService(app);
  if (logDir) rmSync(logDir, { recursive: true, force: true });
});

test("a person signs in to the tenant app through the hosted sign-in and lands back on it, signed in; signing out there ends the session", async () => {
  const { baseUrl } = inject("e2e");
  const person = newPerson("example-app", "demo");
  await createConfirmedAccount(browser, person);
  const { context, page } = await newDevice(browser);

  await page.goto(appUrl);
  expect(await textOf(page.locator("main"))).toContain("You are not signed in.");
  await page.getByRole("link", { name: "Sign in with Rekey" }).click();
  await page.waitForURL((url) => url.origin === baseUrl && url.pathname === "/t/demo/sign-in");
  await submitSignIn(page, person.email, person.password);

  // Back on the app's own origin, the code exchanged and gone from the address bar.
  await page.waitForURL((url) => url.origin === appUrl && url.pathname === "/");
  expect(await textOf(page.locator("main p").first())).toBe(`Signed in as ${person.email}`);
  const cookies = await context.cookies(appUrl);
  const session = cookies.find((cookie) => cookie.name === "rekey_session");
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });

  // The app verifies its cookie with Rekey on every request: reloading stays signed in.
  await page.reload();
  expect(await textOf(page.locator("main p").first())).toBe(`Signed in as ${person.email}`);

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL((url) => url.origin === appUrl && url.pathname === "/");
  await page.getByRole("link", { name: "Sign in with Rekey" }).waitFor();
  // The token the browser held was revoked in Rekey, not only dropped from the browser.
  const replay = await fetch(appUrl, { headers: { cookie: `rekey_session=${session!.value}` } });
  expect(await replay.text()).toContain("You are not signed in.");
  await context.close();
});

test("the tenant app refuses a callback it did not start (login CSRF) and a code that does not exist", async () => {
  const forged = await fetch(`${appUrl}/callback?rekey_code=${randomBytes(32).toString("base64url")}&state=guessed`, { redirect: "manual" });
  expect(forged.status).toBe(400);
  // With the state cookie of a real start, an unknown code is refused by Rekey, and said so.
  const start = await fetch(appUrl);
  const stateCookie = start.headers.getSetCookie().find((cookie) => cookie.startsWith("rekey_state="))!;
  const state = stateCookie.split(";")[0]!.slice("rekey_state=".length);
  const unknown = await fetch(`${appUrl}/callback?rekey_code=${randomBytes(32).toString("base64url")}&state=${state}`, { headers: { cookie: `rekey_state=${state}` }, redirect: "manual" });
  expect(unknown.status).toBe(400);
  expect(await unknown.text()).toContain("That sign-in code is not known.");
});

test("the tenant app takes a correctly signed webhook and refuses a forged one", async () => {
  const id = `msg_${randomBytes(12).toString("hex")}`;
  const timestamp = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({ type: "session.revoked", data: { sessionId: "ses_example" } });
  const key = Buffer.from(webhookSecret.slice("whsec_".length), "base64");
  const signature = `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
  const send = (signed: string, payload = body) =>
    fetch(`${appUrl}/webhooks`, { method: "POST", headers: { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": signed }, body: payload });
  expect((await send(signature)).status).toBe(204);
  const forged = await send(signature, body.replace("session.revoked", "user.disabled"));
  expect(forged.status).toBe(400);
  expect(await forged.text()).toBe("invalid_signature");
  expect(readFileSync(app.logFile, "utf8")).toContain(`webhook ${id}: session.revoked`);
});
