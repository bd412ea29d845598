import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { tenantPageUrl, tokenLinkUrl } from "../../../src/notifications/links";

// env() is read on first use and this file runs in its own module graph, so the stub is the
// configuration every link below is built from.
const origin = "https://accounts.rekey.example";

beforeAll(() => {
  vi.stubEnv("APP_ORIGIN", origin);
});

afterAll(() => {
  vi.unstubAllEnvs();
});

const defaultTenant = { slug: "default" };
const acme = { slug: "acme" };

describe("tenantPageUrl", () => {
  it.each([
    [defaultTenant, "/sign-in", `${origin}/sign-in`],
    [defaultTenant, "/forgot-password", `${origin}/forgot-password`],
    [acme, "/sign-in", `${origin}/t/acme/sign-in`],
    [{ slug: "evil.example" }, "/sign-in", `${origin}/t/evil.example/sign-in`],
  ])("%j %s -> %s", (tenant, path, expected) => {
    expect(tenantPageUrl(tenant, path)).toBe(expected);
  });
});

describe("tokenLinkUrl", () => {
  const token = "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWpr";

  it.each([
    [defaultTenant, `${origin}/reset-password#token=${token}`],
    [acme, `${origin}/t/acme/reset-password#token=${token}`],
  ])("puts the token in the fragment, never the path or query (%j)", (tenant, expected) => {
    const link = tokenLinkUrl(tenant, "/reset-password", token);
    expect(link).toBe(expected);
    const url = new URL(link);
    expect(url.search).toBe("");
    expect(url.pathname).not.toContain(token);
    expect(url.hash).toBe(`#token=${token}`);
  });

  it.each([
    ["a slash and a host", "x/@evil.example/"],
    ["a query and a fragment", "a?b=c#d"],
    ["spaces and an ampersand", "a b&c=d"],
  ])("encodes a token holding %s so it stays in the fragment", (_label, hostile) => {
    const url = new URL(tokenLinkUrl(acme, "/verify-email", hostile));
    expect(url.origin).toBe(origin);
    expect(url.pathname).toBe("/t/acme/verify-email");
    expect(url.search).toBe("");
    expect(new URLSearchParams(url.hash.slice(1)).get("token")).toBe(hostile);
  });

  it("builds every link from the configured origin, whatever the tenant or path", () => {
    for (const tenant of [defaultTenant, acme, { slug: "evil-example-com" }]) {
      for (const path of ["/reset-password", "/verify-email", "/confirm-email"]) {
        expect(new URL(tokenLinkUrl(tenant, path, token)).origin).toBe(origin);
      }
    }
  });
});
