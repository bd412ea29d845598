// Headers on every answer of the web app: Next adds them to its pages and routes (next.config.ts),
// and server.ts to the tRPC API's answers, which it serves itself.
export const securityHeaders = [
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  // /dev/mail shows mail in an iframe too, but through `srcdoc`: no response is framed, so DENY holds.
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Content-Security-Policy", value: "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'" },
  {
    key: "Permissions-Policy",
    value:
      "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), " +
      "publickey-credentials-create=(self), publickey-credentials-get=(self)",
  },
];
