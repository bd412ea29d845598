import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Alert, Card, TextLink } from "@/components/ui";
import { safeNextPath, tenantHref } from "@/lib/tenant-href";
import { getSession, getTenant } from "@/server/caller";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

type Props = {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<{
    next?: string | string[];
    /** A tenant app's absolute URL to return to once signed in (see app/t/[tenant]/continue). */
    return_to?: string | string[];
    "signed-out"?: string | string[];
    "session-ended"?: string | string[];
  }>;
};

export default async function SignInPage({ params, searchParams }: Props) {
  const [{ tenant: slug }, query] = await Promise.all([params, searchParams]);
  const tenant = await getTenant(slug);
  // Every sign-in path below ends at `next`; for a tenant app that is the continue route, which
  // alone decides whether return_to is one of the tenant's apps.
  const returnTo = typeof query.return_to === "string" ? query.return_to : null;
  const next = safeNextPath(returnTo ? `/continue?${new URLSearchParams({ return_to: returnTo })}` : typeof query.next === "string" ? query.next : null);
  if (await getSession(slug)) redirect(tenantHref(slug, next));

  return (
    <Card title="Sign in" intro={<p>Sign in to your {tenant.name} account.</p>}>
      {query["signed-out"] ? <Alert tone="info" title="You are signed out." /> : null}
      {query["session-ended"] ? <Alert tone="info" title="Your session has ended.">Sign in again to continue.</Alert> : null}
      <SignInForm
        tenant={slug}
        next={tenantHref(slug, next)}
        chooseLanding={next === "/"}
        verifyHref={tenantHref(slug, next === "/" ? "/sign-in/verify" : `/sign-in/verify?next=${encodeURIComponent(next)}`)}
        forgotHref={tenantHref(slug, "/forgot-password")}
      />
      <p className="text-slate-700">
        <TextLink href={tenantHref(slug, "/recovery")}>Can’t sign in?</TextLink>
      </p>
      <p className="text-slate-700">
        New here? <TextLink href={tenantHref(slug, "/sign-up")}>Create an account</TextLink>
      </p>
    </Card>
  );
}
