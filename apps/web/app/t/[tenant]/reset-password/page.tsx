import type { Metadata } from "next";
import { Card } from "@/components/ui";
import { tenantHref } from "@/lib/tenant-href";
import { resetPasswordAction } from "@/server/actions/password";
import { getTenant } from "@/server/caller";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "Set a new password" };

export default async function ResetPasswordPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  await getTenant(slug);
  return (
    <Card title="Set a new password">
      <ResetPasswordForm
        tenant={slug}
        action={resetPasswordAction.bind(null, slug)}
        signInHref={tenantHref(slug, "/sign-in")}
        forgotHref={tenantHref(slug, "/forgot-password")}
      />
    </Card>
  );
}
