import type { Metadata } from "next";
import { Card, TextLink } from "@/components/ui";
import { tenantHref } from "@/lib/tenant-href";
import { changeEmailAction } from "@/server/actions/email";
import { requireFreshProof } from "@/server/caller";
import { ChangeEmailForm } from "./change-email-form";

export const metadata: Metadata = { title: "Change email" };

export default async function ChangeEmailPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const { current } = await requireFreshProof(slug, "/change-email");
  return (
    <Card
      title="Change email"
      intro={
        <p>
          Your email address is <span className="font-medium break-words">{current.user.email}</span>. We will send a link to the new address; the
          change happens when you open it.
        </p>
      }
    >
      <ChangeEmailForm currentEmail={current.user.email} action={changeEmailAction.bind(null, slug)} />
      <p>
        <TextLink href={tenantHref(slug, "/")}>Back to your account</TextLink>
      </p>
    </Card>
  );
}
