import "server-only";
import { createCaller, createContext } from "@rekey/api";
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import type { FormError } from "@/lib/form-state";
import { DEFAULT_TENANT, isTenantSlug, safeNextPath, TENANT_PATH_PREFIX, tenantHref } from "@/lib/tenant-href";
import { env } from "./env";
import { errorCode, toFormError } from "./errors";
import { flowTokens } from "./flow-cookies";
import { requestInfo } from "./request-info";
import { sessionCookieName } from "./session-cookie";

export type Caller = ReturnType<typeof createCaller>;

/**
 * A caller for server components and server actions, acting as this request's browser: its
 * session cookie, its address (see request-info.ts for which headers are believed) and user
 * agent. The tenant comes from the URL segment, never from a header. Memoised per request.
 */
export const getCaller = cache(async (tenantSlug: string): Promise<Caller> => {
  if (!isTenantSlug(tenantSlug)) notFound();
  const [headerList, cookieStore] = await Promise.all([headers(), cookies()]);
  const ctx = await createContext({
    tenantSlug,
    sessionToken: cookieStore.get(sessionCookieName(tenantSlug))?.value ?? null,
    ...flowTokens(cookieStore, tenantSlug),
    ...requestInfo(headerList),
  });
  return createCaller(ctx);
});

/** The tenant behind a URL segment, or the 404 page. Memoised per request. */
export const getTenant = cache(async (tenantSlug: string) => {
  const caller = await getCaller(tenantSlug);
  try {
    return await caller.tenant.get();
  } catch (error) {
    if (errorCode(error) === "NOT_FOUND") notFound();
    throw error;
  }
});

/** The signed-in user's session for this tenant, or null. Memoised per request. */
export const getSession = cache(async (tenantSlug: string) => {
  await getTenant(tenantSlug);
  const caller = await getCaller(tenantSlug);
  return caller.auth.session();
});

// Where a session that still owes a step finishes it (core's session-restriction.ts).
const setupPages = { "enrol-second-factor": "/security", "save-recovery-codes": "/recovery-codes/new" } as const;

/**
 * For pages behind sign-in: answers the caller and session, or sends the visitor to sign in and
 * back to `returnPath` (a path inside the tenant, such as "/devices") afterwards. A session that
 * still owes a step (a required second factor, new recovery codes) is sent to finish it, unless
 * the page is part of that step (`duringSetup`).
 */
export async function requireSession(tenantSlug: string, returnPath: string, options: { duringSetup?: boolean } = {}) {
  const current = await getSession(tenantSlug);
  if (!current) redirect(await signInAgainHref(tenantSlug, returnPath));
  if (current.restriction && !options.duringSetup) redirect(tenantHref(tenantSlug, setupPages[current.restriction]));
  return { caller: await getCaller(tenantSlug), current };
}

/**
 * The sign-in page, then back to `returnPath`. When the browser still holds a session cookie the
 * session behind it is over (idle or past its absolute end, by tenant policy, or signed out from
 * another device), and the sign-in page says so.
 */
async function signInAgainHref(tenantSlug: string, returnPath: string): Promise<string> {
  const query = new URLSearchParams();
  if (returnPath !== "/") query.set("next", returnPath);
  if ((await cookies()).has(sessionCookieName(tenantSlug))) query.set("session-ended", "1");
  const search = query.size ? `?${query}` : "";
  return tenantHref(tenantSlug, `/sign-in${search}`);
}

/**
 * What a server action shows when its api call failed. A session that ended while the page was
 * open (idle, past its absolute end, signed out here from another tab or from another device) is
 * no form error ("Please sign in." with nowhere to go): the browser goes to sign in, is told why
 * when it still holds the cookie, and comes back to the page it was on (the Referer, same-origin
 * by our policy). The sign-in pages' own refusals ("This sign-in has expired.") stay where they are.
 */
export async function actionFailure(tenantSlug: string, error: unknown): Promise<FormError> {
  if (errorCode(error) === "UNAUTHENTICATED") {
    const page = pagePathOf(tenantSlug, (await headers()).get("referer"));
    if (page !== null && !/^\/sign-in(?:[/?]|$)/.test(page)) redirect(await signInAgainHref(tenantSlug, page));
  }
  return toFormError(error);
}

/** The page inside the tenant that a same-origin Referer names ("/devices?x=1"), or null. */
function pagePathOf(tenantSlug: string, referer: string | null): string | null {
  if (!referer || !URL.canParse(referer)) return null;
  const url = new URL(referer);
  if (url.origin !== env().APP_ORIGIN) return null;
  const prefixed = TENANT_PATH_PREFIX.exec(url.pathname);
  const [slug, path] = prefixed ? [prefixed[1], prefixed[2] ?? "/"] : [DEFAULT_TENANT, url.pathname];
  return slug === tenantSlug ? safeNextPath(`${path}${url.search}`) : null;
}

/**
 * For pages of sensitive changes (S12): the session must have signed in or confirmed it's you
 * within the tenant's window, or the visitor confirms first and comes back to `returnPath`. Asked
 * before the form is filled in, not after.
 */
export async function requireFreshProof(tenantSlug: string, returnPath: string) {
  const signedIn = await requireSession(tenantSlug, returnPath);
  const { authenticatedAt, windowMinutes } = await signedIn.caller.auth.stepUpMethods();
  if (Date.now() - authenticatedAt.getTime() > windowMinutes * 60_000) redirect(confirmHref(tenantSlug, returnPath));
  return signedIn;
}

/** "Confirm it's you", then back to `returnPath`. */
export function confirmHref(tenantSlug: string, returnPath: string) {
  return tenantHref(tenantSlug, `/confirm?next=${encodeURIComponent(returnPath)}`);
}
