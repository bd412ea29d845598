import type { Metadata } from "next";
import { Card } from "@/components/ui";
import { getSession } from "@/server/caller";
import { ConfirmEmail } from "./confirm-email";

export const metadata: Metadata = { title: "Confirm your new email" };

export default async function ConfirmEmailPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  // Who this browser is signed in as, for a link that turns out to be another account's.
  const current = await getSession(slug);
  return (
    <Card title="Confirm your new email">
      <ConfirmEmail tenant={slug} signedInAs={current?.user.email ?? null} />
    </Card>
  );
}
