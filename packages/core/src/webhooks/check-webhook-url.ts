import { lookup as dnsLookup } from "node:dns/promises";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { env } from "../env";
import { AppError } from "../errors/app-error";

// Webhook URLs are chosen by tenants, and our worker sends requests to them: without these checks
// a tenant could make Rekey POST to its own network (cloud metadata at 169.254.169.254, an admin
// port on localhost, a database on 10.x). Outside development only https:// to public unicast
// addresses is allowed. A hostname is checked when the endpoint is saved AND on every delivery,
// against the address the request then connects to (send-webhook-request.ts pins it), so a name
// that resolved to a public address at creation and to 127.0.0.1 later (DNS rebinding) is refused.

export type ResolvedAddress = { address: string; family: number };
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

export const resolveHost: ResolveHost = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export type WebhookUrlPolicy = {
  /** http:// and private/loopback addresses allowed: development and tests only (REKEY_WEBHOOK_ALLOW_LOCAL). */
  allowLocal: boolean;
  resolve: ResolveHost;
};

export function configuredWebhookUrlPolicy(): WebhookUrlPolicy {
  return { allowLocal: env().REKEY_WEBHOOK_ALLOW_LOCAL, resolve: resolveHost };
}

export const webhookUrlMaxLength = 2048;

/**
 * True only for public unicast addresses. ipaddr.js names every special range (private, loopback,
 * linkLocal, carrierGradeNat, multicast, uniqueLocal, unspecified, reserved, broadcast, and the
 * IPv6 forms that embed an IPv4 address: 6to4, teredo, rfc6052 NAT64); only "unicast" passes.
 * `process` turns an IPv4-mapped IPv6 address (::ffff:127.0.0.1) into the IPv4 it is.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  // The deprecated IPv4-compatible form (::127.0.0.1, ::169.254.169.254) is "unicast" to ipaddr.js.
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).parts.slice(0, 6).every((part) => part === 0)) return false;
  return parsed.range() === "unicast";
}

const refuse = (message: string) => new AppError("BAD_REQUEST", message);

/** The URL's host without IPv6 brackets. */
function hostOf(url: URL): string {
  return url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
}

/**
 * Checks the form of a webhook URL: absolute, http(s), no credentials, https unless local targets
 * are allowed, and a host that is not a non-public IP literal. Synchronous: no DNS.
 */
export function parseWebhookUrl(value: string, policy: Pick<WebhookUrlPolicy, "allowLocal">): URL {
  if (value.length > webhookUrlMaxLength) throw refuse(`A webhook URL has at most ${webhookUrlMaxLength} characters.`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw refuse("Enter a full URL, starting with https://.");
  }
  if (url.protocol !== "https:" && !(policy.allowLocal && url.protocol === "http:")) {
    throw refuse("Webhook URLs must start with https://.");
  }
  // Credentials in the URL would be stored and shown in plain text; the signature authenticates us.
  if (url.username || url.password) throw refuse("Leave the user name and password out of the URL: receivers check the signature.");
  const host = hostOf(url);
  if (!policy.allowLocal && isIP(host) && !isPublicAddress(host)) {
    throw refuse("This URL points at a private, loopback or reserved address. Use a public address.");
  }
  if (!policy.allowLocal && !isIP(host) && (host === "localhost" || host.endsWith(".localhost") || !host.includes("."))) {
    throw refuse("This URL points at this network, not the internet. Use a public host name.");
  }
  return url;
}

/**
 * Resolves a host name and refuses it unless every address it has is public: a name with one
 * private answer among public ones could be connected to that one.
 */
export async function resolvePublicAddresses(hostname: string, resolve: ResolveHost): Promise<ResolvedAddress[]> {
  let addresses: ResolvedAddress[];
  try {
    addresses = await resolve(hostname);
  } catch {
    throw refuse(`The host ${hostname} could not be found.`);
  }
  if (addresses.length === 0) throw refuse(`The host ${hostname} could not be found.`);
  if (addresses.some((entry) => !isPublicAddress(entry.address))) {
    throw refuse(`The host ${hostname} resolves to a private, loopback or reserved address. Use a public address.`);
  }
  return addresses;
}

export type CheckWebhookUrlOptions = { url: string; policy?: WebhookUrlPolicy };

/** Everything a URL must pass before it is saved (creation and update). Returns the normalised URL. */
export async function checkWebhookUrl(options: CheckWebhookUrlOptions): Promise<string> {
  const policy = options.policy ?? configuredWebhookUrlPolicy();
  const url = parseWebhookUrl(options.url.trim(), policy);
  const host = hostOf(url);
  if (!policy.allowLocal && !isIP(host)) await resolvePublicAddresses(host, policy.resolve);
  return url.toString();
}
