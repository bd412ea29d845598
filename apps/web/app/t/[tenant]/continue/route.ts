import { type NextRequest, NextResponse } from "next/server";
import { notFound } from "next/navigation";
import { isTenantSlug, tenantHref } from "@/lib/tenant-href";
import { requireSession } from "@/server/caller";
import { env } from "@/server/env";
import { errorCode } from "@/server/errors";

// The hosted sign-in's way back to a tenant app (architecture.md, "Signing in for a tenant
// app"). Every sign-in path that started with `?return_to=` ends here, and so does a visit to the
// sign-in page by someone already signed in. A live session of the tenant that owes no setup step
// gets a one-time code, and the browser goes to `return_to` with `rekey_code` appended (303).
// Signed out: to sign in and back here. Owing a step: to the page that finishes it. A `return_to`
// off the tenant's return origins is ignored: the account page, as after any sign-in.

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest, { params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  if (!isTenantSlug(slug)) notFound();
  const returnTo = request.nextUrl.searchParams.get("return_to") ?? "";
  const here = returnTo ? `/continue?${new URLSearchParams({ return_to: returnTo })}` : "/continue";
  const { caller } = await requireSession(slug, here);
  let location: string;
  try {
    location = returnTo ? (await caller.auth.handOff({ returnTo })).redirectTo : accountPage(slug);
  } catch (error) {
    if (errorCode(error) !== "BAD_REQUEST") throw error;
    location = accountPage(slug);
  }
  const response = NextResponse.redirect(location, 303);
  // The code is in this answer's Location: no cache may keep it.
  response.headers.set("Cache-Control", "no-store");
  return response;
}

/** Built from the configured origin, never from the request's Host header. */
function accountPage(slug: string): string {
  return `${env().APP_ORIGIN}${tenantHref(slug, "/")}`;
}
