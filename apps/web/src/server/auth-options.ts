import "server-only";
import { createCaller, createContext } from "@rekey/api";
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { FormError } from "@/lib/form-state";
import { tenantHref } from "@/lib/tenant-href";
import { env, isSecureOrigin } from "./env";
import { toFormError } from "./errors";
import { sessionCookieName, sessionCookieOptions } from "./session-cookie";

/**
 * How long the browser keeps the cookie. The server's idle and absolute timeouts (tenant policy)
 * decide whether the session is alive; this only has to be at least as long as they are.
 */
const COOKIE_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

export type AuthRequest = { tenantSlug: string; ip: string; userAgent: string };

/** Read by the sign-in form: next-auth passes an authorize() error's message through a URL. */
export function encodeSignInError(error: FormError): string {
  return JSON.stringify({ code: error.code, message: error.message, retryAfterSeconds: error.retryAfterSeconds });
}

/**
 * next-auth v4 as the HTTP layer over server-side sessions (architecture.md, "Sessions").
 * Built per request because a session belongs to one tenant: `tenantSlug` comes from the URL the
 * request arrived on (`/t/<slug>/api/auth/...`, or `/api/auth/...` for the default tenant).
 *
 * The "JWT" is not a JWT: `encode` stores the opaque token from `auth.signIn` as the cookie value
 * and `decode` asks the api whether that token is a live session of this tenant, so revoking
 * the row ends the session on its next request.
 */
export function buildAuthOptions(request: AuthRequest): AuthOptions {
  const contextFor = (sessionToken: string | null) =>
    createContext({ tenantSlug: request.tenantSlug, sessionToken, ip: request.ip, userAgent: request.userAgent });

  return {
    secret: env().NEXTAUTH_SECRET,
    useSecureCookies: isSecureOrigin(),
    session: { strategy: "jwt", maxAge: COOKIE_MAX_AGE_SECONDS },
    cookies: {
      sessionToken: { name: sessionCookieName(), options: sessionCookieOptions() },
    },
    // next-auth's built-in pages are never shown; its URLs lead to the tenant's own pages.
    pages: {
      signIn: tenantHref(request.tenantSlug, "/sign-in"),
      error: tenantHref(request.tenantSlug, "/sign-in"),
      signOut: tenantHref(request.tenantSlug, "/"),
    },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
          tenant: { label: "Tenant", type: "text" },
        },
        async authorize(credentials) {
          // The form names its tenant too; a mismatch means the form was posted to the wrong URL.
          if (credentials?.tenant && credentials.tenant !== request.tenantSlug) {
            throw new Error(encodeSignInError({ code: "BAD_REQUEST", message: "This sign-in form belongs to another site. Reload the page and try again." }));
          }
          const outcome = await createCaller(await contextFor(null))
            .auth.signIn({ email: credentials?.email ?? "", password: credentials?.password ?? "" })
            .catch((error: unknown) => {
              throw new Error(encodeSignInError(toFormError(error)));
            });
          if (outcome.status !== "signed-in") {
            throw new Error(encodeSignInError({ code: "SECOND_FACTOR_REQUIRED", message: "Two-step verification is needed to finish signing in." }));
          }
          return { id: outcome.userId, sessionToken: outcome.sessionToken };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user?.sessionToken) {
          token.sessionToken = user.sessionToken;
          token.tenant = request.tenantSlug;
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, user: { id: token.sub, name: token.name, email: token.email } };
      },
    },
    jwt: {
      async encode({ token }) {
        const sessionToken = token?.sessionToken;
        if (typeof sessionToken !== "string" || sessionToken.length === 0) {
          throw new Error("No server-side session token to store in the cookie");
        }
        return sessionToken;
      },
      async decode({ token }) {
        if (!token) return null;
        const current = await createCaller(await contextFor(token)).auth.session();
        if (!current) return null;
        return {
          sub: current.user.id,
          name: current.user.name,
          email: current.user.email,
          sessionToken: token,
          tenant: request.tenantSlug,
        };
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sessionToken === "string") {
          await createCaller(await contextFor(token.sessionToken)).auth.signOut();
        }
      },
    },
    // next-auth's default logger prints whole error objects; keep to codes and messages.
    logger: {
      error(code, metadata) {
        const message = metadata instanceof Error ? metadata.message : "";
        console.error(`[next-auth] ${code}${message ? `: ${message}` : ""}`);
      },
      warn(code) {
        console.warn(`[next-auth] ${code}`);
      },
      debug() {},
    },
  };
}
