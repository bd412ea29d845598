import type { Metadata } from "next";
import { Card, TextLink } from "@/components/ui";
import { tenantHref } from "@/lib/tenant-href";
import { changePasswordAction } from "@/server/actions/password";
import { requireFreshProof } from "@/server/caller";
import { ChangePasswordForm } from "./change-password-form";

export const metadata: Metadata = { title: "Change password" };

export default async function ChangePasswordPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const { current } = await requireFreshProof(slug, "/change-password");
  return (
    <Card title="Change password" intro={<p>Enter your current password, then choose a new one. Your other devices will be signed out.</p>}>
      <ChangePasswordForm
        tenant={slug}
        email={current.user.email}
        name={current.user.name}
        action={changePasswordAction.bind(null, slug)}
        forgotHref={tenantHref(slug, "/forgot-password")}
      />
      <p>
        <TextLink href={tenantHref(slug, "/")}>Back to your account</TextLink>
      </p>
    </Card>
  );
}
