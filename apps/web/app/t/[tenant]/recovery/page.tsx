import type { Metadata } from "next";
import { Card, TextLink } from "@/components/ui";
import { tenantHref } from "@/lib/tenant-href";
import { getCaller, getTenant } from "@/server/caller";

export const metadata: Metadata = { title: "Can’t sign in?" };

/**
 * The recovery ladder as a locked-out person meets it: each way back is slower and more
 * scrutinised than the one before (other method -> recovery code -> trusted contacts -> support).
 */
export default async function RecoveryPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const [tenant, support] = await Promise.all([getTenant(slug), getCaller(slug).then((caller) => caller.support.form())]);
  const rungs = [
    {
      title: "Forgot your password?",
      body: "We email you a link to choose a new one. If you use two-step verification, signing in will still ask for it.",
      link: { href: tenantHref(slug, "/forgot-password"), label: "Reset your password" },
    },
    {
      title: "Lost your phone or security key?",
      body: "Sign in with your password, then choose “Use another method”: another of your methods, or one of your recovery codes.",
      link: { href: tenantHref(slug, "/sign-in"), label: "Sign in another way" },
    },
    ...(tenant.contactsEnabled
      ? [
          {
            title: "Lost your methods and your recovery codes?",
            body: "If you named trusted contacts, they can help you back in. You will call them, and each reads you a code.",
            link: { href: tenantHref(slug, "/recovery/contacts/start"), label: "Ask my trusted contacts" },
          },
        ]
      : []),
    ...(support.enabled
      ? [
          {
            title: "Lost everything?",
            body: "A person on our support team can recover the account after checking it is yours. It takes longer: the account is told first, and there is a waiting period.",
            link: { href: tenantHref(slug, "/recovery/support"), label: "Ask support to recover my account" },
          },
        ]
      : []),
  ];
  return (
    <Card title="Can’t sign in?" intro={<p>Choose what you have lost. Start with the first that fits: it is the quickest way back.</p>}>
      <ol className="space-y-4">
        {rungs.map((rung) => (
          <li key={rung.title} className="rounded-lg p-4 ring-1 ring-slate-200">
            <h2 className="font-semibold">{rung.title}</h2>
            <p className="mt-1 text-slate-700">{rung.body}</p>
            <p className="mt-2">
              <TextLink href={rung.link.href}>{rung.link.label}</TextLink>
            </p>
          </li>
        ))}
      </ol>
      <p>
        <TextLink href={tenantHref(slug, "/sign-in")}>Back to sign in</TextLink>
      </p>
    </Card>
  );
}
