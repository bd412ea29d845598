import { describe, expect, it } from "vitest";
import { allowedReturnUrl, normalizeReturnOrigin, returnOriginProblem } from "../../../src/tenants/return-origins";
import { tenantPolicySchema } from "../../../src/tenants/tenant-policy";

const origins = ["https://app.example.com", "http://localhost:5173"];

describe("an open redirect through the hosted sign-in's return_to", () => {
  it.each([
    ["another site", "https://evil.example/callback"],
    ["a protocol-relative URL", "//evil.example/callback"],
    ["a protocol-relative URL with a backslash", "/\\evil.example/callback"],
    ["a relative path", "/callback"],
    ["a javascript: URL", "javascript:alert(document.cookie)"],
    ["a javascript: URL naming the app", "javascript://app.example.com/%0Aalert(1)"],
    ["a data: URL", "data:text/html,<script>alert(1)</script>"],
    ["the app's host as user info in front of another host", "https://app.example.com@evil.example/callback"],
    ["user info and a password in front of another host", "https://app.example.com:443@evil.example/"],
    ["credentials on the app's own origin", "https://user:secret@app.example.com/callback"],
    ["the app's host as a subdomain of another", "https://app.example.com.evil.example/callback"],
    ["another port on the app's host", "https://app.example.com:8443/callback"],
    ["plain http to the app's host", "http://app.example.com/callback"],
    ["another port on localhost", "http://localhost:5174/callback"],
    ["https to the http localhost origin", "https://localhost:5173/callback"],
    ["a backslash after the scheme to another host", "https:\\\\evil.example\\callback"],
    ["an empty value", ""],
    ["an absurdly long URL on the app's origin", `https://app.example.com/${"a".repeat(2100)}`],
  ])("is ignored: %s", (_label, returnTo) => {
    expect(allowedReturnUrl(returnTo, origins)).toBeNull();
  });

  it.each([
    ["the app's origin", "https://app.example.com/callback?state=abc#top", "https://app.example.com/callback?state=abc#top"],
    ["the app's origin with its default port spelled out", "https://app.example.com:443/callback", "https://app.example.com/callback"],
    ["the app's host in capitals", "https://APP.example.com/", "https://app.example.com/"],
    ["localhost over http on its port", "http://localhost:5173/signed-in", "http://localhost:5173/signed-in"],
  ])("is followed for %s, as the parser's own serialisation", (_label, returnTo, href) => {
    expect(allowedReturnUrl(returnTo, origins)?.href).toBe(href);
  });
});

describe("a return origin a tenant stores", () => {
  it.each([
    "https://app.example.com",
    "https://app.example.com:8443",
    "http://localhost:5173",
    "http://127.0.0.1:8080",
    "http://localhost",
    "https://xn--bcher-kva.example",
  ])("accepts %s", (origin) => {
    expect(returnOriginProblem(origin)).toBeNull();
  });

  it.each([
    ["plain http off localhost", "http://app.example.com", "https"],
    ["a path", "https://app.example.com/callback", "origin alone"],
    ["a trailing slash", "https://app.example.com/", "origin alone"],
    ["a query", "https://app.example.com?x=1", "origin alone"],
    ["capitals", "https://App.example.com", "origin alone"],
    ["a default port", "https://app.example.com:443", "origin alone"],
    ["user info", "https://user@app.example.com", "user name"],
    ["another scheme", "ftp://app.example.com", "https://"],
    ["javascript:", "javascript:alert(1)", "https://"],
    ["a wildcard", "https://*.example.com", "host"],
    ["no scheme", "app.example.com", "origin such as"],
    ["a protocol-relative origin", "//app.example.com", "origin such as"],
  ])("refuses %s", (_label, origin, reason) => {
    expect(returnOriginProblem(origin)).toContain(reason);
  });

  it("is refused by the policy schema when malformed or listed twice", () => {
    expect(tenantPolicySchema.safeParse({ api: { returnOrigins: ["https://app.example.com"] } }).success).toBe(true);
    expect(tenantPolicySchema.safeParse({ api: { returnOrigins: ["https://app.example.com/"] } }).success).toBe(false);
    expect(tenantPolicySchema.safeParse({ api: { returnOrigins: ["http://app.example.com"] } }).success).toBe(false);
    expect(tenantPolicySchema.safeParse({ api: { returnOrigins: ["https://app.example.com", "https://app.example.com"] } }).success).toBe(false);
  });

  it.each([
    [" https://App.Example.com/ ", "https://app.example.com"],
    ["https://app.example.com:443", "https://app.example.com"],
    ["http://localhost:5173/", "http://localhost:5173"],
    // Kept as typed, so validation names what is wrong instead of cutting it off quietly.
    ["https://app.example.com/callback", "https://app.example.com/callback"],
    ["https://app.example.com/?", "https://app.example.com/?"],
    ["https://user@app.example.com", "https://user@app.example.com"],
    ["not a url", "not a url"],
  ])("is normalised from what was typed: %s", (typed, stored) => {
    expect(normalizeReturnOrigin(typed)).toBe(stored);
  });
});
