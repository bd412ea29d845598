import { env } from "../../env";
import type { Tenant } from "../../tenants/get-tenant-by-slug";

export type WebAuthnRelyingParty = {
  /** The RP ID: the hostname of the app's public origin. Credentials are scoped to it. */
  rpID: string;
  /** Shown by the browser and the authenticator next to the account: the organisation's name. */
  rpName: string;
  /** clientDataJSON.origin must be one of these, exactly. */
  expectedOrigins: string[];
};

export type GetWebAuthnRelyingPartyOptions = {
  tenant: Pick<Tenant, "name">;
  /** The app's public origin; APP_ORIGIN unless given (tests pass their own). */
  origin?: string;
};

/**
 * Who we are to the authenticator. Both the RP ID and the expected origin come from the
 * configured origin, never from a request's Host or Origin header: a phishing proxy on another
 * host gets assertions the server refuses (WA3 §13.5.3, S17).
 */
export function getWebAuthnRelyingParty(options: GetWebAuthnRelyingPartyOptions): WebAuthnRelyingParty {
  const url = new URL(options.origin ?? env().APP_ORIGIN);
  return { rpID: url.hostname, rpName: options.tenant.name, expectedOrigins: [url.origin] };
}
