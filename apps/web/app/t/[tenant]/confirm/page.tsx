import type { Metadata } from "next";
import { Card, TextLink } from "@/components/ui";
import { safeNextPath, tenantHref } from "@/lib/tenant-href";
import { requireSession } from "@/server/caller";
import { ConfirmForm } from "./confirm-form";

export const metadata: Metadata = { title: "Confirm it’s you" };

type Props = {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<{ next?: string | string[] }>;
};

/** Step-up (S12): a fresh proof before a sensitive change, then back to where the person was. */
export default async function ConfirmPage({ params, searchParams }: Props) {
  const [{ tenant: slug }, query] = await Promise.all([params, searchParams]);
  // Only a path inside this tenant, never another site (safeNextPath).
  const next = safeNextPath(typeof query.next === "string" ? query.next : null);
  const returnPath = next === "/" ? "/confirm" : `/confirm?next=${encodeURIComponent(next)}`;
  // Open while setting up: adding the required factor may itself need a fresh proof.
  const { caller } = await requireSession(slug, returnPath, { duringSetup: true });
  const { methods, password, windowMinutes } = await caller.auth.stepUpMethods();

  return (
    <Card
      title="Confirm it’s you"
      intro={<p>This change needs a recent proof that it is you. After confirming, you can make changes like this for {windowMinutes} minutes.</p>}
    >
      <ConfirmForm tenant={slug} methods={methods} allowPassword={password} next={tenantHref(slug, next)} />
      <p>
        <TextLink href={tenantHref(slug, "/")}>Cancel</TextLink>
      </p>
    </Card>
  );
}
