import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { createTestTenant, createTestUser } from "@rekey/core/testing";
import { answerCalls, appRouter, createContext, type HttpCall, type ProcedureKind } from "../src";
import { openTicketFor } from "./support-fixtures";

// The status token is the only key to a support request (no sign-in). A query over HTTP is a GET
// whose input rides in the URL, and URLs land in proxy and access logs (S3, S8): the status page's
// read must be a POST with the token in the body, as every other token of the API travels.

const headersFor = (kind: ProcedureKind | "unknown"): Record<string, string> => (kind === "mutation" ? { "cache-control": "no-store" } : {});

async function answer(tenantSlug: string, call: HttpCall) {
  const context = () => createContext({ tenantSlug, sessionToken: null, ip: "203.0.113.9", userAgent: "status-token test" });
  const direct = await answerCalls({ router: appRouter, call, createContext: context, headersFor, onError: () => {} });
  if (direct) return direct;
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request(`http://localhost/api/trpc${call.rest}`, { method: call.method, headers: call.headers, body: call.method === "GET" ? undefined : call.body }),
    router: appRouter,
    createContext: context,
    responseMeta: ({ type }) => ({ headers: headersFor(type) }),
    onError: () => {},
  });
  return { status: response.status, body: await response.text() };
}

describe("the support status token in the URL of a GET request", () => {
  it("is not read from a GET's query string; the status page's call is a POST with the token in the body", async () => {
    const tenant = await createTestTenant();
    const owner = await createTestUser(tenant.id);
    const { statusToken, reference } = await openTicketFor(tenant, owner.email);
    const input = encodeURIComponent(JSON.stringify(superjson.serialize({ statusToken })));

    const byGet = await answer(tenant.slug, { method: "GET", rest: `/support.status?input=${input}`, headers: new Headers(), body: "" });
    expect(byGet.status).toBe(405);
    expect(byGet.body).not.toContain(reference);

    const byPost = await answer(tenant.slug, {
      method: "POST",
      rest: "/support.status",
      headers: new Headers({ "content-type": "application/json" }),
      body: JSON.stringify(superjson.serialize({ statusToken })),
    });
    expect(byPost.status).toBe(200);
    expect(byPost.body).toContain(reference);
  });
});
