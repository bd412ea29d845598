// A tenant app's way in: the tRPC API over HTTP, called with @trpc/client from a server, as a
// tenant app's backend would. server.ts answers it before Next.js (src/server/trpc-http.ts).
import type { AppRouter } from "@rekey/api";
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import { expect, inject, test } from "vitest";
import { tokenLink, tokenOf, waitForMail } from "./support/mailbox";
import { newPerson, tenantPath } from "./support/people";

function apiUrl(tenant: string) {
  return `${inject("e2e").baseUrl}${tenantPath(tenant, "/api/trpc")}`;
}

function tenantApp(tenant: string, headers: Record<string, string> = {}) {
  return createTRPCClient<AppRouter>({ links: [httpLink({ url: apiUrl(tenant), transformer: superjson, headers })] });
}

/** What a refused call says, as a tenant app's code sees it. */
async function refusal(call: Promise<unknown>) {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TRPCClientError);
  const { message, data } = error as TRPCClientError<AppRouter>;
  return { message, httpStatus: data?.httpStatus, appCode: data?.appCode };
}

/** A confirmed account in the demo tenant, made through the API. */
async function confirmedPerson(label: string) {
  const person = newPerson(label, "demo");
  const api = tenantApp("demo");
  await api.account.signUp.mutate({ name: person.name, email: person.email, password: person.password });
  await api.account.verifyEmail.mutate({ token: tokenOf(tokenLink(await waitForMail(person.email, /^Confirm your email for /))) });
  return person;
}

/** A raw POST of a mutation, for what @trpc/client would never send. */
function post(url: string, body: string, headers: Record<string, string> = {}) {
  return fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
}

test("a tenant app signs a person up, confirms the email, signs in, reads the session and signs out", async () => {
  const person = newPerson("api", "demo");
  const api = tenantApp("demo");
  await api.account.signUp.mutate({ name: person.name, email: person.email, password: person.password });
  const mail = await waitForMail(person.email, /^Confirm your email for /);
  expect(await api.account.verifyEmail.mutate({ token: tokenOf(tokenLink(mail)) })).toEqual({ email: person.email });

  const signedIn = await api.auth.signIn.mutate({ email: person.email, password: person.password });
  if (signedIn.status !== "signed-in") throw new Error(`expected a session, got ${signedIn.status}`);
  expect(signedIn.expiresAt).toBeInstanceOf(Date);

  // The tenant app keeps the token and sends it back as the tenant's session cookie.
  const asPerson = tenantApp("demo", { cookie: `rekey-demo.session=${signedIn.sessionToken}` });
  const session = await asPerson.auth.session.query();
  expect(session?.user.email).toBe(person.email);
  // The token is a secret handed out once: it is not in what the session query answers.
  expect(JSON.stringify(session)).not.toContain(signedIn.sessionToken);

  // The same token means nothing in another tenant.
  expect(await tenantApp("default", { cookie: `rekey.session=${signedIn.sessionToken}` }).auth.session.query()).toBeNull();

  await asPerson.auth.signOut.mutate();
  expect(await asPerson.auth.session.query()).toBeNull();
  expect(await refusal(asPerson.auth.signOut.mutate())).toMatchObject({ httpStatus: 401, appCode: "UNAUTHENTICATED" });
});

test("a wrong password and an unknown account get the same 401", async () => {
  const person = await confirmedPerson("wrong-password");
  const api = tenantApp("demo");
  const wrongPassword = await refusal(api.auth.signIn.mutate({ email: person.email, password: "not the password at all" }));
  const unknown = await refusal(api.auth.signIn.mutate({ email: `nobody-${Date.now()}@example.com`, password: "not the password at all" }));
  expect(wrongPassword).toEqual({ message: "That email and password do not match. Check them and try again.", httpStatus: 401, appCode: "INVALID_CREDENTIALS" });
  expect(unknown).toEqual(wrongPassword);
});

test("a session cookie sent from another site's page counts for nothing", async () => {
  const person = await confirmedPerson("cross-site");
  const signedIn = await tenantApp("demo").auth.signIn.mutate({ email: person.email, password: person.password });
  if (signedIn.status !== "signed-in") throw new Error(`expected a session, got ${signedIn.status}`);
  const cookie = `rekey-demo.session=${signedIn.sessionToken}`;

  const fromElsewhere = tenantApp("demo", { cookie, origin: "https://evil.example", "sec-fetch-site": "cross-site" });
  expect(await fromElsewhere.auth.session.query()).toBeNull();
  expect(await refusal(fromElsewhere.auth.signOut.mutate())).toMatchObject({ httpStatus: 401 });
  // Still signed in: the cross-site sign-out did nothing.
  expect((await tenantApp("demo", { cookie }).auth.session.query())?.user.email).toBe(person.email);
});

test("bad requests get a clear 4xx, and the answers carry the site's security headers", async () => {
  const signIn = `${apiUrl("demo")}/auth.signIn`;

  const malformed = await post(signIn, "{not json");
  expect(malformed.status).toBe(400);
  expect(malformed.headers.get("content-type")).toContain("application/json");

  const invalid = await post(signIn, JSON.stringify({ json: { email: "not an email", password: "" } }));
  expect(invalid.status).toBe(400);
  const { error } = (await invalid.json()) as { error: { json: { data: { fieldErrors: Record<string, string[]> } } } };
  expect(Object.keys(error.json.data.fieldErrors)).toEqual(expect.arrayContaining(["email"]));

  const tooLarge = await post(signIn, JSON.stringify({ json: { email: "a@example.com", password: "x".repeat(2 * 1024 * 1024) } }));
  expect(tooLarge.status).toBe(413);

  expect((await fetch(`${apiUrl("demo")}/no.suchProcedure`)).status).toBe(404);
  const unknownTenant = await fetch(`${apiUrl("no-such-tenant")}/tenant.get`);
  expect(unknownTenant.status).toBe(404);

  // One address per tenant: the default tenant's API has no /t/default prefix.
  const prefixed = await fetch(`${inject("e2e").baseUrl}/t/default/api/trpc/tenant.get`, { redirect: "manual" });
  expect(prefixed.status).toBe(308);
  expect(new URL(prefixed.headers.get("location") ?? "", inject("e2e").baseUrl).pathname).toBe("/api/trpc/tenant.get");

  const tenant = await fetch(`${apiUrl("demo")}/tenant.get`);
  expect(tenant.status).toBe(200);
  expect(((await tenant.json()) as { result: { data: { json: { slug: string } } } }).result.data.json.slug).toBe("demo");
  expect(tenant.headers.get("x-content-type-options")).toBe("nosniff");
  expect(tenant.headers.get("x-frame-options")).toBe("DENY");

  // A mutation's answer may hold a session token: never stored by a cache.
  const refused = await post(signIn, JSON.stringify({ json: { email: "someone@example.com", password: "wrong password here" } }));
  expect(refused.status).toBe(401);
  expect(refused.headers.get("cache-control")).toBe("no-store");
});
