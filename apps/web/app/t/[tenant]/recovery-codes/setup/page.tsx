import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Alert, Card } from "@/components/ui";
import { tenantHref } from "@/lib/tenant-href";
import { getTenant, requireSession } from "@/server/caller";
import { SetupFlow } from "./setup-flow";

export const metadata: Metadata = { title: "Save your recovery codes" };

type WaitingFactor = { type: "totp" | "sms" | "webauthn"; isPasskey: boolean };

function describeWaiting(factors: WaitingFactor[]): string {
  const names = factors.map((factor) =>
    factor.type === "totp" ? "your authenticator app" : factor.type === "sms" ? "your phone" : factor.isPasskey ? "your passkey" : "your security key",
  );
  return [...new Set(names)].join(" or ");
}

/**
 * Turning two-step verification on (S21): the first method waits, verified, until its owner has
 * saved a set of recovery codes and typed one back. The codes are issued from the browser once
 * the page is open (setup-flow.tsx), so they are never part of a rendered, cacheable page.
 */
export default async function RecoveryCodesSetupPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  // Part of turning it on, which may be the step a session still owes (a required second factor).
  const { caller, current } = await requireSession(slug, "/recovery-codes/setup", { duringSetup: true });
  if (current.restriction === "save-recovery-codes") redirect(tenantHref(slug, "/recovery-codes/new"));
  const [tenant, waiting] = await Promise.all([getTenant(slug), caller.recoveryCodes.waitingFactors()]);
  if (waiting.length === 0) redirect(tenantHref(slug, "/security"));

  return (
    <Card
      wide
      title="Save your recovery codes"
      intro={<p>If you ever lose {describeWaiting(waiting)}, a recovery code is how you get back into your account.</p>}
    >
      <Alert tone="info" title="Two-step verification is not on yet.">
        It turns on once you have saved these codes and typed one of them back below.
      </Alert>
      <SetupFlow tenant={slug} account={current.user.email} tenantName={tenant.name} />
    </Card>
  );
}
