import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Card, TextLink } from "@/components/ui";
import { tenantHref } from "@/lib/tenant-href";
import { signUpAction } from "@/server/actions/account";
import { getSession, getTenant } from "@/server/caller";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const tenant = await getTenant(slug);
  // Signed in already: the account is the place to be, as on the sign-in page.
  if (await getSession(slug)) redirect(tenantHref(slug, "/"));
  return (
    <Card title="Create an account" intro={<p>Your account for {tenant.name}. We will send a link to your email address to confirm it.</p>}>
      <SignUpForm tenant={slug} action={signUpAction.bind(null, slug)} />
      <p className="text-slate-700">
        Already have an account? <TextLink href={tenantHref(slug, "/sign-in")}>Sign in</TextLink>
      </p>
    </Card>
  );
}
