import type { Metadata } from "next";
import { Card } from "@/components/ui";
import { tenantHref } from "@/lib/tenant-href";
import { getTenant } from "@/server/caller";
import { CompleteSupportRecoveryForm } from "./complete-support-recovery-form";

export const metadata: Metadata = { title: "Recover your account" };

/** The link support's approval mailed (`#token=...`): the end of the support rung. */
export default async function CompleteSupportRecoveryPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  await getTenant(slug);
  return (
    <Card title="Recover your account">
      <CompleteSupportRecoveryForm
        tenant={slug}
        afterHref={tenantHref(slug, "/security")}
        newRequestHref={tenantHref(slug, "/recovery/support")}
        signInHref={tenantHref(slug, "/sign-in")}
      />
    </Card>
  );
}
