import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { configuredWebhookUrlPolicy, parseWebhookUrl, resolvePublicAddresses, type WebhookUrlPolicy } from "./check-webhook-url";

export type WebhookRequest = { url: string; headers: Record<string, string>; body: string; timeoutMs: number };
/** Only the status: the receiver's body is never read into our records (it could hold anything). */
export type WebhookResponse = { status: number };
/** Sends one signed POST. Tests pass the real one pointed at a local node:http receiver. */
export type WebhookTransport = (request: WebhookRequest) => Promise<WebhookResponse>;

/**
 * The production transport: node:http(s) with the URL re-checked and the connection's own DNS
 * lookup replaced by one that refuses non-public addresses. The address checked is the address
 * connected to (no second resolution in between), so DNS rebinding cannot slip a private address
 * past the check. No connection reuse (each request resolves afresh), no redirects followed (a 3xx
 * is a failed attempt, as with Svix), and the whole exchange is cut off after `timeoutMs`.
 */
export function createWebhookTransport(policy: WebhookUrlPolicy = configuredWebhookUrlPolicy()): WebhookTransport {
  const lookup: LookupFunction = (hostname, options, callback) => {
    const resolving = policy.allowLocal ? policy.resolve(hostname) : resolvePublicAddresses(hostname, policy.resolve);
    resolving.then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((entry) => entry.family === options.family) : addresses;
        if (wanted.length === 0) {
          callback(Object.assign(new Error(`No address for ${hostname}`), { code: "ENOTFOUND" }), "", 0);
          return;
        }
        if (options.all) (callback as unknown as (error: null, addresses: typeof wanted) => void)(null, wanted);
        else callback(null, wanted[0]!.address, wanted[0]!.family);
      },
      (error: Error) => callback(Object.assign(error, { code: "EREFUSED" }), "", 0),
    );
  };

  return (request) =>
    new Promise<WebhookResponse>((resolve, reject) => {
      let url: URL;
      try {
        url = parseWebhookUrl(request.url, policy);
      } catch (error) {
        reject(error);
        return;
      }
      const send = url.protocol === "https:" ? https.request : http.request;
      const outgoing = send(
        url,
        {
          method: "POST",
          agent: false,
          lookup,
          headers: { ...request.headers, "content-type": "application/json", "content-length": Buffer.byteLength(request.body).toString() },
        },
        (response) => {
          clearTimeout(timer);
          resolve({ status: response.statusCode ?? 0 });
          // The answer's body is of no use to us; drop the connection rather than read it.
          response.destroy();
        },
      );
      const timer = setTimeout(() => outgoing.destroy(new Error(`No answer within ${Math.round(request.timeoutMs / 1000)} s`)), request.timeoutMs);
      outgoing.on("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
      outgoing.end(request.body);
    });
}
