import type { NextConfig } from "next";
import { securityHeaders } from "./security-headers";

// Pages whose URL fragment carries a single-use token: `no-referrer` keeps even their path out of
// other sites' logs (SECURITY.md S8). Elsewhere `same-origin`: under `no-referrer` a form posted
// without JavaScript carries `Origin: null`, which Next refuses for server actions.
const tokenPages = ["verify-email", "reset-password", "confirm-email", "not-me", "recovery/cancel", "recovery/support/status", "recovery/support/complete"];

const nextConfig: NextConfig = {
  // The bench builds into its own folder, so it never races an e2e build of the same checkout.
  distDir: process.env.REKEY_NEXT_DIST_DIR ?? ".next",
  // The workspace packages ship TypeScript source.
  transpilePackages: ["@rekey/api", "@rekey/core"],
  poweredByHeader: false,
  // The dev server prints every Server Function call with its arguments: passwords and emailed
  // tokens among them. Secrets never reach logs (SECURITY.md S3).
  logging: { serverFunctions: false },
  async headers() {
    const noReferrer = [{ key: "Referrer-Policy", value: "no-referrer" }];
    return [
      { source: "/:path*", headers: securityHeaders },
      // Later entries win for the same header.
      ...tokenPages.flatMap((page) => [
        { source: `/${page}`, headers: noReferrer },
        { source: `/t/:tenant/${page}`, headers: noReferrer },
      ]),
    ];
  },
};

export default nextConfig;
