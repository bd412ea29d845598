import type { Metadata } from "next";
import { Card, TextLink } from "@/components/ui";
import { tenantHref } from "@/lib/tenant-href";
import { loadActivityAction } from "@/server/actions/activity";
import { requireSession } from "@/server/caller";
import { ActivityList } from "./activity-list";

export const metadata: Metadata = { title: "Security activity" };

export default async function ActivityPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const { caller } = await requireSession(slug, "/activity");
  const first = await caller.activity.list({});
  return (
    <Card
      wide
      title="Security activity"
      intro={<p>Sign-ins and changes to your account, newest first. If something here was not you, change your password and sign out your other devices.</p>}
    >
      <ActivityList initialEvents={first.events} initialCursor={first.nextCursor} loadMore={loadActivityAction.bind(null, slug)} />
      <p>
        <TextLink href={tenantHref(slug, "/")}>Back to your account</TextLink>
      </p>
    </Card>
  );
}
