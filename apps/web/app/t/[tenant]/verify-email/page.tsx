import type { Metadata } from "next";
import { Card } from "@/components/ui";
import { getTenant } from "@/server/caller";
import { VerifyEmail } from "./verify-email";

export const metadata: Metadata = { title: "Confirm your email" };

export default async function VerifyEmailPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  await getTenant(slug);
  return (
    <Card title="Confirm your email">
      <VerifyEmail tenant={slug} />
    </Card>
  );
}
