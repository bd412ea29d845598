import type { Metadata } from "next";
import Link from "next/link";
import { SignOutForm } from "@/components/sign-out-form";
import { Alert, Card, focusRing, TextLink } from "@/components/ui";
import { plural } from "@/lib/format";
import { tenantHref } from "@/lib/tenant-href";
import { requireSession } from "@/server/caller";

// The root layout's template would make this "Your account · Your account".
export const metadata: Metadata = { title: { absolute: "Your account" } };

/** The whole card is the link, but only its title is the link's name; the rest describes it. */
function NavLink({ href, title, description, id }: { href: string; title: string; description: string; id: string }) {
  return (
    <li>
      <Link href={href} aria-describedby={id} className={`block rounded-lg px-4 py-3 ring-1 ring-slate-200 hover:bg-slate-50 ${focusRing}`}>
        <span className="block font-medium text-indigo-700">{title}</span>
        <span id={id} aria-hidden="true" className="block text-sm text-slate-600">
          {description}
        </span>
      </Link>
    </li>
  );
}

export default async function AccountPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const { caller, current } = await requireSession(slug, "/");
  const [codes, staff] = await Promise.all([caller.recoveryCodes.status(), caller.staff.me()]);
  return (
    <Card title="Your account">
      {codes?.warn ? (
        <Alert
          tone="warning"
          title={codes.remaining === 0 ? "You have no recovery codes left." : `Only ${plural(codes.remaining, "recovery code", "recovery codes")} left.`}
        >
          <TextLink href={tenantHref(slug, "/security#recovery-codes")}>Generate new codes</TextLink> so you still have a way back in if you
          lose your other methods.
        </Alert>
      ) : null}
      <dl className="grid grid-cols-1 gap-x-4 gap-y-2 sm:grid-cols-[auto_1fr]">
        <dt className="text-sm font-medium text-slate-600">Name</dt>
        <dd className="break-words">{current.user.name}</dd>
        <dt className="text-sm font-medium text-slate-600">Email</dt>
        <dd className="break-words">{current.user.email}</dd>
      </dl>

      <nav aria-labelledby="security-heading">
        <h2 id="security-heading" className="text-lg font-semibold">
          Security
        </h2>
        <ul className="mt-3 space-y-2">
          <NavLink href={tenantHref(slug, "/change-password")} id="nav-password" title="Change password" description="Choose a new password. Other devices will be signed out." />
          <NavLink href={tenantHref(slug, "/change-email")} id="nav-email" title="Change email" description="Use a different email address for your account." />
          <NavLink href={tenantHref(slug, "/security")} id="nav-security" title="Two-step verification" description="Passkeys, security keys, authenticator apps and text messages." />
          <NavLink href={tenantHref(slug, "/devices")} id="nav-devices" title="Devices" description="See where you are signed in, and sign out devices." />
          <NavLink href={tenantHref(slug, "/activity")} id="nav-activity" title="Security activity" description="Recent sign-ins and changes to your account." />
          <NavLink
            href={tenantHref(slug, "/trusted-contacts/helping")}
            id="nav-helping"
            title="People who trust you"
            description="Invitations and requests for help from people who chose you as a trusted contact."
          />
        </ul>
      </nav>

      {staff.memberships.length > 0 ? (
        <nav aria-labelledby="staff-heading">
          <h2 id="staff-heading" className="text-lg font-semibold">
            Support staff
          </h2>
          <ul className="mt-3 space-y-2">
            <NavLink
              href={tenantHref(slug, "/staff")}
              id="nav-staff"
              title="Support dashboard"
              description={
                staff.gate === "ok"
                  ? "Review recovery requests from people who are locked out."
                  : staff.gate === "needs-second-factor"
                    ? "Add a passkey, security key or authenticator app first: staff need one."
                    : staff.gate === "new-second-factor"
                      ? "It opens a day after a new passkey, security key or authenticator app is added."
                    : "Sign in again with your passkey, security key or authenticator app to open it."
              }
            />
          </ul>
        </nav>
      ) : null}

      <SignOutForm tenant={slug} />
    </Card>
  );
}
