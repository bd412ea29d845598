import type { Metadata } from "next";
import { Card, TextLink } from "@/components/ui";
import { tenantHref } from "@/lib/tenant-href";
import { requestPasswordResetAction } from "@/server/actions/password";
import { getTenant } from "@/server/caller";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Reset your password" };

export default async function ForgotPasswordPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  await getTenant(slug);
  return (
    <Card title="Reset your password" intro={<p>Enter the email address of your account. We will send you a link to set a new password.</p>}>
      <ForgotPasswordForm action={requestPasswordResetAction.bind(null, slug)} />
      <p>
        <TextLink href={tenantHref(slug, "/sign-in")}>Back to sign in</TextLink>
      </p>
    </Card>
  );
}
