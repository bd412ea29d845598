import type { Metadata } from "next";
import { Card } from "@/components/ui";
import { getTenant } from "@/server/caller";
import { ConfirmEmail } from "./confirm-email";

export const metadata: Metadata = { title: "Confirm your new email" };

export default async function ConfirmEmailPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  await getTenant(slug);
  return (
    <Card title="Confirm your new email">
      <ConfirmEmail tenant={slug} />
    </Card>
  );
}
