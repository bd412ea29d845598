import type { Metadata } from "next";
import { Card, TextLink } from "@/components/ui";
import { tenantHref } from "@/lib/tenant-href";
import { getTenant } from "@/server/caller";
import { SupportStatus } from "./support-status";

export const metadata: Metadata = { title: "Your request to support" };

/** No sign-in: the person lost every way in. The link's token is the only key (read in the browser). */
export default async function SupportStatusPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  await getTenant(slug);
  return (
    <Card wide title="Your request to support">
      <SupportStatus tenant={slug} newRequestHref={tenantHref(slug, "/recovery/support")} />
      <p>
        <TextLink href={tenantHref(slug, "/sign-in")}>Sign in</TextLink>
      </p>
    </Card>
  );
}
