import type { Metadata } from "next";
import { Card } from "@/components/ui";
import { getSession } from "@/server/caller";
import { VerifyEmail } from "./verify-email";

export const metadata: Metadata = { title: "Confirm your email" };

export default async function VerifyEmailPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  // Who this browser is signed in as, for a link that turns out to be another account's.
  const current = await getSession(slug);
  return (
    <Card title="Confirm your email">
      <VerifyEmail tenant={slug} signedInAs={current?.user.email ?? null} />
    </Card>
  );
}
