// A tenant app on its own origin sends a person to Rekey's hosted sign-in with ?return_to=, gets
// them back with a one-time rekey_code, and its server exchanges the code over the tenant API for
// a session of its own. The app here is a node:http server on 127.0.0.1 (another site than the
// hosted pages on localhost); a second one stands for an attacker who names their own origin.
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { TenantRouter } from "@rekey/api";
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import pg from "pg";
import type { Browser, Page } from "playwright-core";
import superjson from "superjson";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { generateApiKey } from "../../../packages/core/src/api-keys/api-key-format";
import { hashToken } from "../../../packages/core/src/crypto/tokens";
import { heading, launchBrowser, newDevice, waitForHydration, waitForPath } from "./support/browser";
import { createConfirmedAccount, newPerson, signIn, signOut, submitSignIn, tenantPath } from "./support/people";
import { addAuthenticatorApp, nextTotpStep, totpCode } from "./support/second-factors";

/** A local web server that answers every request with a page and remembers what it was asked. */
async function startLocalSite(title: string): Promise<{ server: Server; origin: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? "");
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(`<!doctype html><title>${title}</title><h1>${title}</h1>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

async function sql(text: string, values: unknown[]) {
  const client = new pg.Client({ connectionString: inject("e2e").databaseUrl });
  await client.connect();
  try {
    await client.query(text, values);
  } finally {
    await client.end();
  }
}

/**
 * A tenant whose app lives at `appOrigin`, and a key of it with `sessions:read` and
 * `sessions:write`, stored the way the Developers page stores one (its SHA-256 only). Made
 * through SQL: the staff pages that do this are not what this file tests.
 */
async function tenantWithApp(appOrigin: string): Promise<{ slug: string; key: string }> {
  const slug = `app-${randomBytes(4).toString("hex")}`;
  const tenantId = `tnt_e2e${randomBytes(8).toString("hex")}`;
  await sql(`INSERT INTO tenant (id, slug, name, policy) VALUES ($1, $2, $3, $4::jsonb)`, [
    tenantId,
    slug,
    "Example App",
    JSON.stringify({ api: { returnOrigins: [appOrigin] } }),
  ]);
  const key = generateApiKey("test");
  await sql(
    `INSERT INTO api_key (id, "tenantId", name, environment, prefix, "secretHash", scopes, "createdById")
      VALUES ($1, $2, 'Example App server', 'test', $3, $4, $5, 'usr_e2e')`,
    [`key_e2e${randomBytes(8).toString("hex")}`, tenantId, key.slice(0, 13), hashToken(key), ["sessions:read", "sessions:write"]],
  );
  return { slug, key };
}

/** The tenant app's server calling Rekey's tenant API with its key, as a backend would. */
function tenantApi(key: string) {
  return createTRPCClient<TenantRouter>({
    links: [httpLink({ url: `${inject("e2e").baseUrl}/api/tenant/trpc`, transformer: superjson, headers: { authorization: `Bearer ${key}` } })],
  });
}

function signInUrl(slug: string, returnTo: string) {
  return `${tenantPath(slug, "/sign-in")}?${new URLSearchParams({ return_to: returnTo })}`;
}

async function arrivedAt(page: Page, origin: string): Promise<URL> {
  await page.waitForURL((url) => url.origin === origin);
  return new URL(page.url());
}

let browser: Browser;
let app: Awaited<ReturnType<typeof startLocalSite>>;
let attacker: Awaited<ReturnType<typeof startLocalSite>>;

beforeAll(async () => {
  browser = await launchBrowser();
  app = await startLocalSite("Example App");
  attacker = await startLocalSite("Not the app");
});
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => app?.server.close(resolve));
  await new Promise((resolve) => attacker?.server.close(resolve));
});

test("a tenant app gets its person back signed in: password sign-in, a one-time code, an exchange for a session", async () => {
  const { slug, key } = await tenantWithApp(app.origin);
  const person = newPerson("app-return", slug);
  await createConfirmedAccount(browser, person);
  const { context, page } = await newDevice(browser);

  await page.goto(signInUrl(slug, `${app.origin}/callback?state=e2e-state`));
  await heading(page, "Sign in").waitFor();
  await submitSignIn(page, person.email, person.password);
  const landed = await arrivedAt(page, app.origin);
  expect(landed.pathname).toBe("/callback");
  expect(landed.searchParams.get("state")).toBe("e2e-state");
  const code = landed.searchParams.get("rekey_code");
  expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
  // No session token travels to the app: only the code, which the browser's cookie is not.
  const cookies = await context.cookies();
  expect(cookies.map((cookie) => cookie.value)).not.toContain(code);

  const api = tenantApi(key);
  const { token, session } = await api.sessions.exchange.mutate({ code: code! });
  expect(session).toMatchObject({ active: true, email: person.email, name: person.name, level: "password", restriction: null });
  expect(await api.sessions.verify.mutate({ token })).toMatchObject({ active: true, sessionId: session.sessionId, email: person.email });

  // The code worked once.
  const replay = await api.sessions.exchange.mutate({ code: code! }).catch((error: unknown) => error);
  expect(replay).toBeInstanceOf(TRPCClientError);
  expect((replay as TRPCClientError<TenantRouter>).message).toContain("already used");

  // Already signed in: the sign-in page goes straight back to the app with a fresh code.
  await page.goto(signInUrl(slug, `${app.origin}/again`));
  const again = await arrivedAt(page, app.origin);
  expect(again.pathname).toBe("/again");
  const second = again.searchParams.get("rekey_code");
  expect(second).not.toBe(code);
  const other = await api.sessions.exchange.mutate({ code: second! });
  expect(other.session.sessionId).not.toBe(session.sessionId);
  expect(other.session.userId).toBe(session.userId);

  await context.close();
});

test("with two-step verification on, the sign-in that ends on the verify page returns to the app as well", async () => {
  const { slug, key } = await tenantWithApp(app.origin);
  const person = newPerson("app-totp", slug);
  await createConfirmedAccount(browser, person);
  const { context, page } = await newDevice(browser);
  await signIn(page, person);
  await page.goto(tenantPath(slug, "/security"));
  const totpKey = await addAuthenticatorApp(page);
  await signOut(page, slug);
  // The activation used this step's code; each step is accepted once (S14).
  await nextTotpStep();

  await page.goto(signInUrl(slug, `${app.origin}/after-two-step`));
  await submitSignIn(page, person.email, person.password);
  await waitForPath(page, tenantPath(slug, "/sign-in/verify"));
  await (await waitForHydration(page, "Verify")).waitFor();
  await page.getByLabel("Code", { exact: true }).fill(totpCode(totpKey));
  await page.getByRole("button", { name: "Verify", exact: true }).click();
  const landed = await arrivedAt(page, app.origin);
  expect(landed.pathname).toBe("/after-two-step");

  const { session } = await tenantApi(key).sessions.exchange.mutate({ code: landed.searchParams.get("rekey_code")! });
  expect(session).toMatchObject({ active: true, email: person.email, level: "two_factor" });
  expect(session.methods).toEqual(expect.arrayContaining(["password", "totp"]));

  await context.close();
});

test("a return_to on another origin is ignored: the person signs in and lands on their account page", async () => {
  const { slug } = await tenantWithApp(app.origin);
  const person = newPerson("app-attack", slug);
  await createConfirmedAccount(browser, person);
  const { context, page } = await newDevice(browser);
  const appPort = new URL(app.origin).port;

  // The attacker's own origin (the app's host on another port).
  await page.goto(signInUrl(slug, `${attacker.origin}/steal`));
  await submitSignIn(page, person.email, person.password);
  await waitForPath(page, tenantPath(slug, "/"));
  await heading(page, "Your account").waitFor();

  // Signed in now; other disguises go nowhere either.
  for (const returnTo of [`//127.0.0.1:${new URL(attacker.origin).port}/steal`, `http://127.0.0.1:${appPort}@127.0.0.1:${new URL(attacker.origin).port}/steal`, "javascript:alert(1)"]) {
    await page.goto(signInUrl(slug, returnTo));
    await waitForPath(page, tenantPath(slug, "/"));
    await heading(page, "Your account").waitFor();
  }
  expect(attacker.requests).toEqual([]);
  expect(new URL(page.url()).origin).toBe(inject("e2e").baseUrl);

  await context.close();
});
