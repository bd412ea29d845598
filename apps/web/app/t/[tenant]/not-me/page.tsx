import type { Metadata } from "next";
import { Card } from "@/components/ui";
import { tenantHref } from "@/lib/tenant-href";
import { getTenant } from "@/server/caller";
import { NotMeForm } from "./not-me-form";

export const metadata: Metadata = { title: "This wasn’t me" };

export default async function NotMePage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  await getTenant(slug);
  return (
    <Card title="This wasn’t me">
      <NotMeForm tenant={slug} signInHref={tenantHref(slug, "/sign-in")} forgotHref={tenantHref(slug, "/forgot-password")} />
    </Card>
  );
}
