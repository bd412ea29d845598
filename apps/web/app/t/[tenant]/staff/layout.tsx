import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { SignOutForm } from "@/components/sign-out-form";
import { Alert, Card, TextLink } from "@/components/ui";
import { tenantHref } from "@/lib/tenant-href";
import { confirmHref } from "@/server/caller";
import { getStaffStatus, type StaffStatus, tenantsWithRole } from "@/server/staff";
import { StaffNav } from "./staff-nav";

/**
 * The support dashboard's frame. The api's staff gate (a staff role, a passkey, security key or
 * authenticator app used for this session, the staff idle limit) decides whether the pages open;
 * when it is closed the person is told why and what to do instead of meeting a bare refusal.
 */
export default async function StaffLayout({ children, params }: { children: ReactNode; params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const { me } = await getStaffStatus(slug, "/staff");
  if (me.gate === "not-staff") notFound();
  if (me.gate !== "ok") return <StaffGateClosed slug={slug} gate={me.gate} />;

  const links = [{ href: tenantHref(slug, "/staff"), label: "Queue" }];
  if (tenantsWithRole(me, "lead").length > 0) links.push({ href: tenantHref(slug, "/staff/log"), label: "Log" });
  if (tenantsWithRole(me, "admin").length > 0) {
    links.push(
      { href: tenantHref(slug, "/staff/team"), label: "Team" },
      { href: tenantHref(slug, "/staff/policy"), label: "Policy" },
      { href: tenantHref(slug, "/staff/developers"), label: "Developers" },
    );
  }
  return (
    <div className="mx-auto w-full max-w-5xl space-y-6">
      <div className="flex flex-col gap-3 border-b border-slate-200 pb-4 sm:flex-row sm:items-center sm:justify-between">
        <div className="min-w-0">
          <p className="text-sm font-semibold tracking-wide text-indigo-700 uppercase">Support dashboard</p>
          <p className="truncate text-sm text-slate-600">
            Signed in as <span className="font-medium text-slate-900">{me.name}</span> · <TextLink href={tenantHref(slug, "/")}>Your account</TextLink>
          </p>
        </div>
        <StaffNav links={links} />
      </div>
      {children}
    </div>
  );
}

function StaffGateClosed({ slug, gate }: { slug: string; gate: Exclude<StaffStatus["gate"], "ok" | "not-staff"> }) {
  if (gate === "needs-second-factor") {
    return (
      <Card title="Add a second factor to use the support dashboard">
        <p>
          Support staff can open other people&apos;s accounts, so a password alone is not enough. Add a passkey, a security key or an authenticator
          app (a text message does not count), then sign out and sign in again with it.
        </p>
        <Alert tone="info" title="Next step">
          <TextLink href={tenantHref(slug, "/security")}>Add a passkey or authenticator app</TextLink> on your security page.
        </Alert>
        <p>
          <TextLink href={tenantHref(slug, "/")}>Back to your account</TextLink>
        </p>
      </Card>
    );
  }
  if (gate === "new-second-factor") {
    return (
      <Card title="The support dashboard opens a day after a new method">
        <p>
          A passkey, security key or authenticator app was added to your account in the last 24 hours. For staff, a new method opens the
          dashboard only a day after it was added: someone holding a stolen password and phone number cannot add one and walk straight in.
        </p>
        <p>If you did not add it, remove it on your security page now and tell your team.</p>
        <p>
          <TextLink href={tenantHref(slug, "/security")}>Your security page</TextLink>
        </p>
      </Card>
    );
  }
  if (gate === "use-second-factor") {
    return (
      <Card title="Use your second factor to open the support dashboard">
        <p>This session was not confirmed with your passkey, security key or authenticator app. Confirm it&apos;s you with one of them to continue.</p>
        <p>
          <TextLink href={confirmHref(slug, "/staff")}>Confirm it&apos;s you</TextLink>
        </p>
        <p className="text-slate-600">Or sign out, then sign in again with that method.</p>
        <SignOutForm tenant={slug} />
      </Card>
    );
  }
  return (
    <Card title="Sign in again to use the support dashboard">
      <p>
        Staff sessions end after a short time without activity. This session was started without that limit, so please sign out and sign in again
        with your passkey, security key or authenticator app.
      </p>
      <SignOutForm tenant={slug} />
      <p>
        <TextLink href={tenantHref(slug, "/")}>Back to your account</TextLink>
      </p>
    </Card>
  );
}
