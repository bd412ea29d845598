import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignOutForm } from "@/components/sign-out-form";
import { Card } from "@/components/ui";
import { tenantHref } from "@/lib/tenant-href";
import { getTenant, requireSession } from "@/server/caller";
import { NewCodesFlow } from "./new-codes-flow";

export const metadata: Metadata = { title: "Save new recovery codes" };

/**
 * Where a session that signed in with the last recovery code (or a recovery key) is sent (S23):
 * it may do nothing else until a new set is made, so the way back in is never left empty.
 */
export default async function NewRecoveryCodesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const { caller, current } = await requireSession(slug, "/recovery-codes/new", { duringSetup: true });
  if (current.restriction !== "save-recovery-codes") redirect(tenantHref(slug, "/security#recovery-codes"));
  const [tenant, status] = await Promise.all([getTenant(slug), caller.recoveryCodes.status()]);
  const isKey = status?.style === "key";

  return (
    <Card
      wide
      title={isKey ? "Save a new recovery key" : "Save new recovery codes"}
      intro={
        <p>
          {isKey
            ? "You signed in with your recovery key, so it no longer works. Make a new one now and keep it safe: it is your way back in if you cannot use your other methods."
            : "You signed in with your last recovery code, so it no longer works. Make a new set now and keep it safe: it is your way back in if you cannot use your other methods."}
        </p>
      }
    >
      <NewCodesFlow tenant={slug} account={current.user.email} tenantName={tenant.name} isKey={isKey} />
      <SignOutForm tenant={slug} />
    </Card>
  );
}
