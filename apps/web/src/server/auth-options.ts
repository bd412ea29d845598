import "server-only";
import { createCaller, createContext } from "@rekey/api";
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { cookies } from "next/headers";
import type { AuthProvider } from "@/components/tenant-auth";
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
/** A session the api established, and the device cookie it handed out, if any. */
type Established = { userId: string; sessionToken: string; deviceToken: string | null };
type CredentialField = { label: string; type: string };

/**
 * One way in: the fields its form posts and the api call that turns them into a session. `signIn`
 * gets a caller without a session, except for `withSession` (step-up, which must prove the
 * current session's owner). `consumes`: the flow cookie that a successful sign-in used up.
 */
type SignInKind<Field extends string = string> = {
  name: string;
  fields: Record<Field, CredentialField>;
  withSession?: boolean;
  consumes?: "challenge" | "recovery";
  signIn: (api: Caller, credentials: Partial<Record<Field, string>>, tenantSlug: string) => Promise<Established>;
};

/** Keeps each kind's field names tied to the credentials its `signIn` reads. */
const signInKind = <Field extends string>(kind: SignInKind<Field>): SignInKind => kind;

const text = (label: string): CredentialField => ({ label, type: "text" });

/**
 * The six ways in, one Credentials provider each, keyed by the provider id the forms post to
 * (AuthProvider in tenant-auth.tsx).
 */
const signInKinds = {
  // The password, which may end in a sign-in challenge: its cookie names the challenge for the
  // second factor, and the form goes on to /sign-in/verify.
  credentials: signInKind({
    name: "Password",
    fields: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
    async signIn(api, credentials, tenantSlug) {
      const outcome = await api.auth.signIn({ email: credentials.email ?? "", password: credentials.password ?? "" }).catch(failWith);
      if (outcome.status === "second-factor-required") {
        await setChallengeCookie(tenantSlug, outcome.challengeToken);
        throw new Error(encodeSignInError({ code: "SECOND_FACTOR_REQUIRED", message: "Two-step verification is needed to finish signing in." }));
      }
      return outcome;
    },
  }),
  // The second factor of that sign-in.
  challenge: signInKind({
    name: "Two-step verification",
    fields: { proof: text("Proof"), rememberBrowser: text("Remember this browser") },
    consumes: "challenge",
    async signIn(api, credentials) {
      const proof = parseJson(credentials.proof) as Parameters<Caller["challenge"]["complete"]>[0]["proof"];
      return api.challenge.complete({ proof, rememberBrowser: credentials.rememberBrowser === "true" }).catch(failWith);
    },
  }),
  // A passkey, without a password.
  passkey: signInKind({
    name: "Passkey",
    fields: { response: text("Passkey response") },
    async signIn(api, credentials) {
      const response = parseJson(credentials.response) as Record<string, unknown>;
      return api.passkey.signIn({ response }).catch(failWith);
    },
  }),
  // The end of an account recovery with trusted contacts, whose attempt the recovery cookie names.
  "contact-recovery": signInKind({
    name: "Recover with trusted contacts",
    fields: { proof: text("Proof") },
    consumes: "recovery",
    async signIn(api, credentials) {
      const proof = parseJson(credentials.proof) as Parameters<Caller["recovery"]["finish"]>[0]["proof"];
      return api.recovery.finish({ proof }).catch(failWith);
    },
  }),
  // The link mailed when support approves a request; the new password is optional (empty keeps
  // the old one).
  "support-recovery": signInKind({
    name: "Recover through support",
    fields: { token: text("Link"), newPassword: { label: "New password", type: "password" } },
    async signIn(api, credentials) {
      return api.support.complete({ token: credentials.token ?? "", newPassword: credentials.newPassword ?? "" }).catch(failWith);
    },
  }),
  // "Confirm it's you": proves this browser's session is still its owner's, and the api answers a
  // rotated token (S10) that next-auth then writes into the session cookie.
  "step-up": signInKind({
    name: "Confirm it's you",
    fields: { proof: text("Proof") },
    withSession: true,
    async signIn(api, credentials) {
      const proof = parseJson(credentials.proof) as Parameters<Caller["auth"]["stepUp"]>[0]["proof"];
      const current = await api.auth.session().catch(failWith);
      if (!current) throw new Error(encodeSignInError({ code: "UNAUTHENTICATED", message: "Your session has ended. Please sign in again." }));
      const rotated = await api.auth.stepUp({ proof }).catch(failWith);
      return { userId: current.user.id, sessionToken: rotated.sessionToken, deviceToken: null };
    },
  }),
} satisfies Record<AuthProvider, SignInKind>;

const clearFlowCookie = { challenge: clearChallengeCookie, recovery: clearRecoveryCookie };

/**
 * next-auth v4 as the HTTP layer over server-side sessions (architecture.md, "Sessions").
 * Built per request because a session belongs to one tenant: `tenantSlug` comes from the URL the
 * request arrived on (`/t/<slug>/api/auth/...`, or `/api/auth/...` for the default tenant).
 *
 * The "JWT" is not a JWT: `encode` stores the opaque token from the api as the cookie value
 * and `decode` asks the api whether that token is a live session of this tenant, so revoking
 * the row ends the session on its next request.
 *
 * The ways in are `signInKinds` above.
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
   * A Credentials provider whose form also names its tenant. A mismatch means the form was posted
   * to another tenant's URL, and nothing is tried.
   */
  const provider = ([id, kind]: [string, SignInKind]) =>
    CredentialsProvider({
      id,
      name: kind.name,
      credentials: { ...kind.fields, tenant: text("Tenant") },
      async authorize(credentials): Promise<SignedInUser> {
        const fields = (credentials ?? {}) as Partial<Record<string, string>>;
        if (fields.tenant && fields.tenant !== request.tenantSlug) {
          throw new Error(encodeSignInError({ code: "BAD_REQUEST", message: "This sign-in form belongs to another site. Reload the page and try again." }));
        }
        const api = createCaller(await contextFor(kind.withSession ? request.sessionToken : null));
        const outcome = await kind.signIn(api, fields, request.tenantSlug);
        if (kind.consumes) await clearFlowCookie[kind.consumes](request.tenantSlug);
        if (outcome.deviceToken) {
          (await cookies()).set(deviceCookieName(request.tenantSlug), outcome.deviceToken, flowCookieOptions(DEVICE_COOKIE_MAX_AGE_SECONDS));
        }
        return { id: outcome.userId, sessionToken: outcome.sessionToken };
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
    providers: Object.entries(signInKinds).map(provider),
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
    logger: nextAuthLogger,
  };
}

/**
 * next-auth's `logger`. Codes and messages only: its default logger prints whole error objects.
 *
 * Two of its "errors" are expected and are not logged as errors:
 * - JWT_SESSION_ERROR "JWT invalid": `decode` answered null because the cookie names a session
 *   that has ended (signed out, revoked, timed out); next-auth clears the cookie and the browser is
 *   signed out, which is the point. When `decode` throws (the api or the database failed),
 *   the message differs and it stays an error.
 * - Reports from browsers (`client: "true"`): next-auth's client posts its own failures, such as
 *   CLIENT_FETCH_ERROR when a page left while its fetch of /api/auth/session was under way, to
 *   POST /api/auth/_log, which anyone can call. They describe a browser's view, and a failure
 *   on this side is logged here under its own code, so they are warnings.
 */
const nextAuthLogger = {
  error(code: string, metadata: unknown) {
    if (isSessionEnded(code, metadata)) return;
    if (isBrowserReport(metadata)) console.warn(`[next-auth] ${describeLog(code, metadata)}`);
    else console.error(`[next-auth] ${describeLog(code, metadata)}`);
  },
  warn(code: string) {
    console.warn(`[next-auth] ${describeLog(code, undefined)}`);
  },
  debug() {},
} satisfies AuthOptions["logger"];

function isSessionEnded(code: string, metadata: unknown): boolean {
  return code === "JWT_SESSION_ERROR" && metadata instanceof Error && metadata.message === "JWT invalid";
}

type BrowserReport = { client: unknown; url?: unknown; message?: unknown };

function isBrowserReport(metadata: unknown): metadata is BrowserReport {
  if (typeof metadata !== "object" || metadata === null || metadata instanceof Error) return false;
  const client = (metadata as { client?: unknown }).client;
  return client === "true" || client === true;
}

function describeLog(code: string, metadata: unknown): string {
  // A browser's report is text anyone can send: quoted on one line, so it cannot forge log lines.
  const quoted = (text: string) => JSON.stringify(text.slice(0, 300));
  const safeCode = /^[A-Z_]{1,60}$/.test(code) ? code : `(unknown code ${quoted(code)})`;
  if (metadata instanceof Error) return `${safeCode}: ${metadata.message}`;
  if (isBrowserReport(metadata)) {
    const parts = [metadata.url, metadata.message].filter((part): part is string => typeof part === "string").map(quoted);
    return [safeCode, "reported by a browser", ...parts].join(" ");
  }
  return safeCode;
}
