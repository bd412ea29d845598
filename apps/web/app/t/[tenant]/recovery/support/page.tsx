import type { Metadata } from "next";
import { Alert, Card, TextLink } from "@/components/ui";
import { plural } from "@/lib/format";
import { tenantHref } from "@/lib/tenant-href";
import { getCaller, getTenant } from "@/server/caller";
import { SupportRequestForm } from "./support-request-form";

export const metadata: Metadata = { title: "Ask support to recover your account" };

/**
 * The last rung of the ladder, for someone who lost every way in. Slow on purpose: the account's
 * own channels hear of it first and can cancel, and a person decides only after the wait.
 */
export default async function SupportRequestPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  await getTenant(slug);
  const form = await (await getCaller(slug)).support.form();
  const otherWays = (
    <p>
      <TextLink href={tenantHref(slug, "/recovery")}>Other ways back in</TextLink>
    </p>
  );
  if (!form.enabled) {
    return (
      <Card title="Ask support to recover your account">
        <Alert tone="info" title="This organisation does not recover accounts through support.">
          Try one of the other ways back in.
        </Alert>
        {otherWays}
      </Card>
    );
  }
  return (
    <Card
      wide
      title="Ask support to recover your account"
      intro={<p>If you have lost your password, your methods, your recovery codes and your trusted contacts, a person on our support team can help. Tell us enough to show the account is yours.</p>}
    >
      <section aria-labelledby="what-next-heading" className="space-y-2 rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200">
        <h2 id="what-next-heading" className="font-semibold">
          What happens next
        </h2>
        <ol className="list-decimal space-y-1 pl-5 text-slate-700">
          <li>We tell the account’s email address and phones about your request, with a link to cancel it.</li>
          <li>
            Then we wait {plural(form.waitingHours, "hour", "hours")}. Nobody can approve the request before that, and if the account’s owner
            cancels it, it stops.
          </li>
          <li>After the wait, a person on our team reads what you wrote, and may ask you questions on your request’s page.</li>
          <li>If they approve it, we email a link to get back in: to the account’s address, or, if you can no longer read it, sometimes to the reply address you give below.</li>
        </ol>
        <p className="text-slate-700">
          <span className="font-medium">Support never asks for your password or any code,</span> and never sees them. Do not write them
          here.
        </p>
      </section>
      <SupportRequestForm tenant={slug} questions={form.questions} statusPath={tenantHref(slug, "/recovery/support/status")} />
      {otherWays}
    </Card>
  );
}
