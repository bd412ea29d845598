import type { Metadata } from "next";
import { Card } from "@/components/ui";
import { tenantHref } from "@/lib/tenant-href";
import { getTenant } from "@/server/caller";
import { CancelRecoveryForm } from "./cancel-recovery-form";

export const metadata: Metadata = { title: "Cancel the recovery of your account" };

export default async function CancelRecoveryPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  await getTenant(slug);
  return (
    <Card title="Someone is trying to recover your account">
      <CancelRecoveryForm tenant={slug} signInHref={tenantHref(slug, "/sign-in")} forgotHref={tenantHref(slug, "/forgot-password")} />
    </Card>
  );
}
