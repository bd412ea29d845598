import { z } from "zod";

// Where the hosted sign-in may send a person back to: exact origins of the tenant's own apps
// (tenant policy `api.returnOrigins`). Matching is by the parsed URL's origin, never by string
// prefix, so `https://app.example.com@evil.example` and `https://app.example.com.evil.example`
// are the other sites they are.

/** Hosts of a developer's own machine, the only ones allowed over plain http. */
const loopbackHosts = new Set(["localhost", "127.0.0.1"]);
const hostnamePattern = /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/;
const maxReturnToLength = 2000;

/**
 * Why `value` is not a return origin in its canonical form (`https://app.example.com`,
 * `http://localhost:5173`), or null when it is one.
 */
export function returnOriginProblem(value: string): string | null {
  if (!URL.canParse(value)) return "must be an origin such as https://app.example.com";
  const url = new URL(value);
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must start with https://";
  if (url.protocol === "http:" && !loopbackHosts.has(url.hostname)) return "must use https (plain http only for localhost and 127.0.0.1)";
  if (url.username || url.password) return "must not hold a user name or password";
  if (!hostnamePattern.test(url.hostname)) return "must name a host (letters, digits, dots and dashes)";
  if (url.origin !== value) return `must be the origin alone, written ${url.origin} (no path, query or trailing slash)`;
  return null;
}

/** One entry of `api.returnOrigins`, exactly as stored. */
export const returnOriginSchema = z
  .string()
  .max(200)
  .superRefine((value, context) => {
    const problem = returnOriginProblem(value);
    if (problem) context.addIssue({ code: "custom", message: `${value} ${problem}` });
  });

/**
 * What a staff member typed, in the stored form: trimmed, host in lower case, a lone trailing
 * slash and a default port dropped. Anything with a path, query or fragment stays as typed, so
 * validation names it instead of quietly cutting it off.
 */
export function normalizeReturnOrigin(value: string): string {
  const trimmed = value.trim();
  if (!URL.canParse(trimmed)) return trimmed;
  const url = new URL(trimmed);
  const bare = (url.pathname === "/" || url.pathname === "") && !url.search && !url.hash && !trimmed.endsWith("?") && !trimmed.endsWith("#");
  return bare && !url.username && !url.password ? url.origin : trimmed;
}

/**
 * The `return_to` of a hosted sign-in as the URL to send the person to, or null when it is not
 * an absolute http(s) URL on one of `allowedOrigins` (relative and protocol-relative URLs,
 * `javascript:`, credentials in the URL, another host or port). Callers redirect to the
 * returned URL's own serialisation, never to the string they were given.
 */
export function allowedReturnUrl(returnTo: string | null | undefined, allowedOrigins: readonly string[]): URL | null {
  if (!returnTo || returnTo.length > maxReturnToLength) return null;
  // No base URL: `//evil.example` and `/path` do not parse, so only absolute URLs get further.
  if (!URL.canParse(returnTo)) return null;
  const url = new URL(returnTo);
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (url.username || url.password) return null;
  return allowedOrigins.includes(url.origin) ? url : null;
}
