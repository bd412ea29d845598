import { createTRPCClient, httpBatchLink, httpLink, TRPCClientError, type TRPCClient } from "@trpc/client";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import superjson from "superjson";
// Type-only: the SDK never loads the server's packages at run time (test/module-graph.test.ts).
import type { TenantRouter } from "@rekey/api";

export type { TenantRouter };

/** The tenant API, typed by its router: `rekey.sessions.verify.mutate({ token })`. */
export type RekeyClient = TRPCClient<TenantRouter>;
export type RekeyInputs = inferRouterInputs<TenantRouter>;
export type RekeyOutputs = inferRouterOutputs<TenantRouter>;
/** What `sessions.verify` answers: `{ active: false }` or the live session with its user. */
export type VerifiedSession = RekeyOutputs["sessions"]["verify"];
/** A refused or failed call: `error.data?.code` is the tRPC code (`UNAUTHORIZED`, `FORBIDDEN`, ...). */
export type RekeyApiError = TRPCClientError<TenantRouter>;

export { TRPCClientError };

export type CreateRekeyClientOptions = {
  /** Where Rekey runs, e.g. `https://rekey.example.com` (no path). */
  baseUrl: string;
  /** A tenant API key from the Developers page: `rky_live_...` or `rky_test_...`. */
  apiKey: string;
  /** A fetch of your own (a proxy, a test double); the global one otherwise. */
  fetch?: typeof globalThis.fetch;
  /**
   * Calls made in the same tick travel in one HTTP request (true, the default), or each in its
   * own (false), which the server answers without tRPC's batch handling.
   */
  batch?: boolean;
};

/** Thrown at start-up for a client that could never work: a bad base URL or something that is not a key. */
export class RekeyConfigurationError extends Error {
  override readonly name = "RekeyConfigurationError";
}

// The key's shape only; the server checks its checksum and whether it exists. Catching a pasted
// session token, an empty variable or a key with a stray quote here gives the error where it was
// made, rather than an UNAUTHORIZED on the first request.
const apiKeyPattern = /^rky_(live|test)_[0-9A-Za-z]{28}$/;

export const tenantApiPath = "/api/tenant/trpc";

export function createRekeyClient(options: CreateRekeyClientOptions): RekeyClient {
  const { apiKey } = options;
  if (typeof apiKey !== "string" || !apiKeyPattern.test(apiKey)) {
    const hint = typeof apiKey === "string" && apiKey.trim() !== apiKey ? " It has spaces around it." : "";
    throw new RekeyConfigurationError(
      `The Rekey API key must look like rky_live_... or rky_test_... followed by 28 letters and digits (from the Developers page).${hint}`,
    );
  }
  const url = `${normaliseBaseUrl(options.baseUrl)}${tenantApiPath}`;
  const authorization = `Bearer ${apiKey}`;
  const link = {
    url,
    transformer: superjson,
    headers: () => ({ authorization }),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  return createTRPCClient<TenantRouter>({ links: [options.batch === false ? httpLink(link) : httpBatchLink(link)] });
}

function normaliseBaseUrl(baseUrl: string): string {
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    throw new RekeyConfigurationError(`The Rekey base URL "${baseUrl}" is not a URL: give its origin, such as https://rekey.example.com.`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new RekeyConfigurationError(`The Rekey base URL must be http or https, not ${parsed.protocol}`);
  }
  if (parsed.search || parsed.hash) {
    throw new RekeyConfigurationError("The Rekey base URL takes no query or fragment.");
  }
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, "")}`;
}
