import type { Metadata } from "next";
import { Card, TextLink } from "@/components/ui";
import { tenantHref } from "@/lib/tenant-href";
import { getTenant } from "@/server/caller";
import { StartForm } from "./start-form";

export const metadata: Metadata = { title: "Ask your trusted contacts" };

export default async function StartContactRecoveryPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  await getTenant(slug);
  return (
    <Card
      title="Ask your trusted contacts"
      intro={
        <p>
          Enter the email address of your account. We will ask the people you named as trusted contacts to help, and tell you
          on every channel the account has, so nobody else can do this without you knowing.
        </p>
      }
    >
      <StartForm tenant={slug} next={tenantHref(slug, "/recovery/contacts")} />
      <p>
        <TextLink href={tenantHref(slug, "/recovery")}>Other ways back in</TextLink>
      </p>
    </Card>
  );
}
