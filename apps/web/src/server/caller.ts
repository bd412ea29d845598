import "server-only";
import { createCaller, createContext } from "@rekey/api";
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { isTenantSlug, tenantHref } from "@/lib/tenant-href";
import { errorCode } from "./errors";
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
  if (!current) {
    const query = new URLSearchParams();
    if (returnPath !== "/") query.set("next", returnPath);
    // The browser still holds a cookie, but the session behind it is over: idle or past its
    // absolute end (tenant policy), or signed out from another device. Say so on the sign-in page.
    if ((await cookies()).has(sessionCookieName(tenantSlug))) query.set("session-ended", "1");
    const search = query.size ? `?${query}` : "";
    redirect(tenantHref(tenantSlug, `/sign-in${search}`));
  }
  if (current.restriction && !options.duringSetup) redirect(tenantHref(tenantSlug, setupPages[current.restriction]));
  return { caller: await getCaller(tenantSlug), current };
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
