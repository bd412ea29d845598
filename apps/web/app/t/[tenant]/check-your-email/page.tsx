import type { Metadata } from "next";
import { Card, TextLink } from "@/components/ui";
import { tenantHref } from "@/lib/tenant-href";
import { resendVerificationAction } from "@/server/actions/account";
import { getTenant } from "@/server/caller";
import { ResendForm } from "./resend-form";

export const metadata: Metadata = { title: "Check your email" };

type Props = { params: Promise<{ tenant: string }>; searchParams: Promise<{ for?: string | string[] }> };

export default async function CheckYourEmailPage({ params, searchParams }: Props) {
  const [{ tenant: slug }, query] = await Promise.all([params, searchParams]);
  await getTenant(slug);

  if (query.for === "reset") {
    return (
      <Card
        title="Check your email"
        intro={<p>If an account uses that address, we have sent it a link to set a new password. The link works once and expires soon.</p>}
      >
        <p className="text-slate-700">Nothing after a few minutes? Check your spam folder, or ask for a new link.</p>
        <p>
          <TextLink href={tenantHref(slug, "/forgot-password")}>Ask for a new link</TextLink>
        </p>
        <p>
          <TextLink href={tenantHref(slug, "/sign-in")}>Back to sign in</TextLink>
        </p>
      </Card>
    );
  }

  return (
    <Card
      title="Check your email"
      intro={<p>We have sent a link to your email address. Open it to confirm the address and finish creating your account.</p>}
    >
      <p className="text-slate-700">Nothing after a few minutes? Check your spam folder, or send a new link.</p>
      <ResendForm action={resendVerificationAction.bind(null, slug)} />
      <p>
        <TextLink href={tenantHref(slug, "/sign-in")}>Go to sign in</TextLink>
      </p>
    </Card>
  );
}
