"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { tenantHref } from "@/lib/tenant-href";
import { getCaller } from "../caller";
import { errorCode, toFormError } from "../errors";
import { sessionCookieName, sessionCookieOptions } from "../session-cookie";

/**
 * Signs this browser out: revokes the server-side session row, then drops the cookie. A plain
 * form post, so it works before (or without) JavaScript. next-auth's own /api/auth/signout
 * revokes the same way (auth-options.ts, events.signOut).
 */
export async function signOutAction(tenant: string): Promise<void> {
  await endSession(tenant);
  redirect(tenantHref(tenant, "/sign-in?signed-out=1"));
}

/**
 * Signs this browser out and stays: a link page that works only signed out (or signed in to the
 * link's own account) loads itself again afterwards and goes on with the same link.
 */
export async function signOutHereAction(tenant: string): Promise<void> {
  await endSession(tenant);
}

async function endSession(tenant: string): Promise<void> {
  try {
    const caller = await getCaller(tenant);
    await caller.auth.signOut();
  } catch (error) {
    // Already signed out is the outcome we wanted; anything else still clears the cookie.
    if (errorCode(error) !== "UNAUTHENTICATED" && errorCode(error) !== "UNAUTHORIZED") toFormError(error);
  }
  const cookieStore = await cookies();
  cookieStore.delete({ name: sessionCookieName(tenant), ...sessionCookieOptions() });
}
