import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Alert, Card, TextLink } from "@/components/ui";
import { tenantHref } from "@/lib/tenant-href";
import { getCaller, getSession, getTenant } from "@/server/caller";
import { errorCode } from "@/server/errors";
import { ContactRecoveryFlow } from "./contact-recovery-flow";

export const metadata: Metadata = { title: "Recover your account" };

/**
 * The locked-out person's page while their contacts help: codes typed in, then the second proof
 * (the password, or the waiting period and a new password). Which attempt: the HttpOnly
 * recovery cookie set when it started.
 */
export default async function ContactRecoveryPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  await getTenant(slug);
  if (await getSession(slug)) redirect(tenantHref(slug, "/"));
  const caller = await getCaller(slug);
  let view;
  try {
    view = await caller.recovery.status();
  } catch (error) {
    if (errorCode(error) !== "TOKEN_INVALID") throw error;
    return (
      <Card title="Recover your account">
        <Alert tone="info" title="There is no recovery in progress in this browser.">
          If you started one in another browser, continue there, or start again here.
        </Alert>
        <p>
          <TextLink href={tenantHref(slug, "/recovery/contacts/start")}>Ask my trusted contacts</TextLink>
        </p>
      </Card>
    );
  }
  return (
    <Card title="Recover your account">
      <ContactRecoveryFlow
        tenant={slug}
        view={view}
        startHref={tenantHref(slug, "/recovery/contacts/start")}
        signInHref={tenantHref(slug, "/sign-in")}
        afterHref={tenantHref(slug, "/security")}
      />
    </Card>
  );
}
