import "server-only";
import { createCaller, createContext } from "@rekey/api";
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { cookies } from "next/headers";
import type { FormError } from "@/lib/form-state";
import { tenantHref } from "@/lib/tenant-href";
import { env, isSecureOrigin } from "./env";
import { toFormError } from "./errors";
import {
  CHALLENGE_COOKIE_MAX_AGE_SECONDS,
  challengeCookieName,
  DEVICE_COOKIE_MAX_AGE_SECONDS,
  deviceCookieName,
  flowCookieOptions,
  recoveryCookieName,
} from "./flow-cookies";
import { sessionCookieName, sessionCookieOptions } from "./session-cookie";

/**
 * How long the browser keeps the cookie. The server's idle and absolute timeouts (tenant policy)
 * decide whether the session is alive; this only has to be at least as long as they are.
 */
const COOKIE_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

export type AuthRequest = {
  tenantSlug: string;
  ip: string;
  userAgent: string;
  /** This browser's cookies: the session (for step-up), the device and the sign-in challenge. */
  sessionToken: string | null;
  deviceToken: string | null;
  challengeToken: string | null;
  recoveryToken: string | null;
};

/** Read by the sign-in form: next-auth passes an authorize() error's message through a URL. */
export function encodeSignInError(error: FormError): string {
  return JSON.stringify({ code: error.code, message: error.message, retryAfterSeconds: error.retryAfterSeconds });
}

function failWith(error: unknown): never {
  throw new Error(encodeSignInError(toFormError(error)));
}

/** next-auth posts every credential as a string; proofs and WebAuthn responses travel as JSON. */
function parseJson(raw: string | undefined): unknown {
  try {
    return JSON.parse(raw ?? "");
  } catch {
    throw new Error(encodeSignInError({ code: "BAD_REQUEST", message: "Please check what you entered." }));
  }
}

// cookies() from next/headers is writable inside the route handler next-auth runs in; Next adds
// these Set-Cookie headers to next-auth's own response.
async function setChallengeCookie(tenantSlug: string, challengeToken: string) {
  (await cookies()).set(challengeCookieName(tenantSlug), challengeToken, flowCookieOptions(CHALLENGE_COOKIE_MAX_AGE_SECONDS));
}

async function clearChallengeCookie(tenantSlug: string) {
  const { maxAge: _maxAge, ...options } = flowCookieOptions(0);
  (await cookies()).delete({ name: challengeCookieName(tenantSlug), ...options });
}

async function clearRecoveryCookie(tenantSlug: string) {
  const { maxAge: _maxAge, ...options } = flowCookieOptions(0);
  (await cookies()).delete({ name: recoveryCookieName(tenantSlug), ...options });
}

type Caller = ReturnType<typeof createCaller>;
/** What authorize() hands next-auth: the user and the opaque session token for the cookie. */
type SignedInUser = { id: string; sessionToken: string };

/** A session the api established: remember the device cookie when it handed one out. */
async function establishedUser(tenantSlug: string, outcome: { userId: string; sessionToken: string; deviceToken: string | null }): Promise<SignedInUser> {
  if (outcome.deviceToken) {
    (await cookies()).set(deviceCookieName(tenantSlug), outcome.deviceToken, flowCookieOptions(DEVICE_COOKIE_MAX_AGE_SECONDS));
  }
  return { id: outcome.userId, sessionToken: outcome.sessionToken };
}

/**
 * next-auth v4 as the HTTP layer over server-side sessions (architecture.md, "Sessions").
 * Built per request because a session belongs to one tenant: `tenantSlug` comes from the URL the
 * request arrived on (`/t/<slug>/api/auth/...`, or `/api/auth/...` for the default tenant).
 *
 * The "JWT" is not a JWT: `encode` stores the opaque token from the api as the cookie value
 * and `decode` asks the api whether that token is a live session of this tenant, so revoking
 * the row ends the session on its next request.
 *
 * Six ways in, each a Credentials provider: "credentials" (password, which may end in a sign-in
 * challenge), "challenge" (the second factor of that sign-in), "passkey" (no password),
 * "step-up" (confirm it's you, which rotates the current session), "contact-recovery" (the
 * end of an account recovery with trusted contacts, whose attempt the recovery cookie names) and
 * "support-recovery" (the link mailed when support approves a request).
 */
export function buildAuthOptions(request: AuthRequest): AuthOptions {
  const contextFor = (sessionToken: string | null) =>
    createContext({
      tenantSlug: request.tenantSlug,
      sessionToken,
      deviceToken: request.deviceToken,
      challengeToken: request.challengeToken,
      recoveryToken: request.recoveryToken,
      ip: request.ip,
      userAgent: request.userAgent,
    });
  /**
   * One way in: a Credentials provider whose form also names its tenant. A mismatch means the
   * form was posted to another tenant's URL, and nothing is tried.
   */
  const tenantProvider = <Field extends string>(
    id: string,
    name: string,
    fields: Record<Field, { label: string; type: string }>,
    authorize: (credentials: Partial<Record<Field, string>>) => Promise<SignedInUser>,
  ) =>
    CredentialsProvider({
      id,
      name,
      credentials: { ...fields, tenant: { label: "Tenant", type: "text" } },
      async authorize(credentials) {
        const tenant = (credentials as { tenant?: string } | undefined)?.tenant;
        if (tenant && tenant !== request.tenantSlug) {
          throw new Error(encodeSignInError({ code: "BAD_REQUEST", message: "This sign-in form belongs to another site. Reload the page and try again." }));
        }
        return authorize((credentials ?? {}) as Partial<Record<Field, string>>);
      },
    });

  return {
    secret: env().NEXTAUTH_SECRET,
    useSecureCookies: isSecureOrigin(),
    session: { strategy: "jwt", maxAge: COOKIE_MAX_AGE_SECONDS },
    cookies: {
      sessionToken: { name: sessionCookieName(request.tenantSlug), options: sessionCookieOptions() },
    },
    // next-auth's built-in pages are never shown; its URLs lead to the tenant's own pages.
    pages: {
      signIn: tenantHref(request.tenantSlug, "/sign-in"),
      error: tenantHref(request.tenantSlug, "/sign-in"),
      signOut: tenantHref(request.tenantSlug, "/"),
    },
    providers: [
      tenantProvider("credentials", "Password", { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } }, async (credentials) => {
        const outcome = await createCaller(await contextFor(null))
          .auth.signIn({ email: credentials.email ?? "", password: credentials.password ?? "" })
          .catch(failWith);
        if (outcome.status === "second-factor-required") {
          await setChallengeCookie(request.tenantSlug, outcome.challengeToken);
          throw new Error(encodeSignInError({ code: "SECOND_FACTOR_REQUIRED", message: "Two-step verification is needed to finish signing in." }));
        }
        return establishedUser(request.tenantSlug, outcome);
      }),
      tenantProvider(
        "challenge",
        "Two-step verification",
        { proof: { label: "Proof", type: "text" }, rememberBrowser: { label: "Remember this browser", type: "text" } },
        async (credentials) => {
          const proof = parseJson(credentials.proof) as Parameters<Caller["challenge"]["complete"]>[0]["proof"];
          const outcome = await createCaller(await contextFor(null))
            .challenge.complete({ proof, rememberBrowser: credentials.rememberBrowser === "true" })
            .catch(failWith);
          await clearChallengeCookie(request.tenantSlug);
          return establishedUser(request.tenantSlug, outcome);
        },
      ),
      tenantProvider("passkey", "Passkey", { response: { label: "Passkey response", type: "text" } }, async (credentials) => {
        const response = parseJson(credentials.response) as Record<string, unknown>;
        const outcome = await createCaller(await contextFor(null)).passkey.signIn({ response }).catch(failWith);
        return establishedUser(request.tenantSlug, outcome);
      }),
      tenantProvider("contact-recovery", "Recover with trusted contacts", { proof: { label: "Proof", type: "text" } }, async (credentials) => {
        const proof = parseJson(credentials.proof) as Parameters<Caller["recovery"]["finish"]>[0]["proof"];
        const outcome = await createCaller(await contextFor(null)).recovery.finish({ proof }).catch(failWith);
        await clearRecoveryCookie(request.tenantSlug);
        return establishedUser(request.tenantSlug, outcome);
      }),
      tenantProvider(
        "support-recovery",
        "Recover through support",
        { token: { label: "Link", type: "text" }, newPassword: { label: "New password", type: "password" } },
        async (credentials) => {
          // The approval's link; the new password is optional (empty keeps the old one).
          const outcome = await createCaller(await contextFor(null))
            .support.complete({ token: credentials.token ?? "", newPassword: credentials.newPassword ?? "" })
            .catch(failWith);
          return establishedUser(request.tenantSlug, outcome);
        },
      ),
      tenantProvider("step-up", "Confirm it's you", { proof: { label: "Proof", type: "text" } }, async (credentials) => {
        const proof = parseJson(credentials.proof) as Parameters<Caller["auth"]["stepUp"]>[0]["proof"];
        // With this browser's session: step-up proves it is still its owner, and the api answers
        // a rotated token (S10) that next-auth then writes into the session cookie.
        const caller = createCaller(await contextFor(request.sessionToken));
        const current = await caller.auth.session().catch(failWith);
        if (!current) throw new Error(encodeSignInError({ code: "UNAUTHENTICATED", message: "Your session has ended. Please sign in again." }));
        const rotated = await caller.auth.stepUp({ proof }).catch(failWith);
        return { id: current.user.id, sessionToken: rotated.sessionToken };
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
