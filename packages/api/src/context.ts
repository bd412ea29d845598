import { getDb } from "@rekey/core/db";
import type { RequestContext } from "@rekey/core";

export type CreateContextOptions = {
  /** From the hosted page's URL (`/t/<slug>/...`, or `default`); never from a client-set header. */
  tenantSlug: string;
  /** The opaque session cookie value, if any. */
  sessionToken: string | null;
  /** The long-lived device cookie (known and remembered browsers), if any. */
  deviceToken?: string | null;
  /** The sign-in challenge cookie of a sign-in waiting for its second factor, if any. */
  challengeToken?: string | null;
  /** The account recovery this browser started ("ask my trusted contacts"), if any. */
  recoveryToken?: string | null;
  ip: string;
  userAgent: string;
};

export async function createContext(options: CreateContextOptions) {
  const request: RequestContext = { ip: options.ip, userAgent: options.userAgent };
  return { db: getDb(), tenantSlug: options.tenantSlug, sessionToken: options.sessionToken, deviceToken: options.deviceToken ?? null, challengeToken: options.challengeToken ?? null, recoveryToken: options.recoveryToken ?? null, request };
}

export type Context = Awaited<ReturnType<typeof createContext>>;
