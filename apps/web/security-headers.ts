// Headers on every answer of the web app: Next adds them to its pages and routes (next.config.ts),
// and server.ts to the tRPC API's answers, which it serves itself. The Content-Security-Policy
// differs between the two and is set apart: by proxy.ts for pages, by server.ts for the API.
export const securityHeaders = [
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  // /dev/mail shows mail in an iframe too, but through `srcdoc`: no response is framed, so DENY holds.
  { key: "X-Frame-Options", value: "DENY" },
  {
    key: "Permissions-Policy",
    value:
      "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), " +
      "publickey-credentials-create=(self), publickey-credentials-get=(self)",
  },
];

// Never framed, no <base> to redirect relative URLs, forms post only here, no plugins.
const everywhere = "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

/**
 * A page's policy, with a fresh nonce per response (proxy.ts). Only scripts that carry the nonce
 * run, and the scripts they load ('strict-dynamic'): a script injected into the HTML does not. Next
 * reads the nonce from this header on the request and puts it on its own scripts. In development
 * React's tools need eval.
 */
export function pageContentSecurityPolicy(nonce: string, options: { dev: boolean }): string {
  const script = `script-src 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`;
  return `${script}; ${everywhere}`;
}

/** The API answers JSON: nothing in an answer may run or load anything. */
export const apiContentSecurityPolicy = `default-src 'none'; ${everywhere}`;
