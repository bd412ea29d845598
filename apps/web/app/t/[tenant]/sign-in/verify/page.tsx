import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Alert, Card, TextLink } from "@/components/ui";
import { safeNextPath, tenantHref } from "@/lib/tenant-href";
import { getCaller, getSession, getTenant } from "@/server/caller";
import { errorCode, toFormError } from "@/server/errors";
import { VerifyForm } from "./verify-form";

export const metadata: Metadata = { title: "Two-step verification" };

type Props = {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<{ next?: string | string[] }>;
};

export default async function VerifyPage({ params, searchParams }: Props) {
  const [{ tenant: slug }, query] = await Promise.all([params, searchParams]);
  const tenant = await getTenant(slug);
  const next = safeNextPath(typeof query.next === "string" ? query.next : null);
  if (await getSession(slug)) redirect(tenantHref(slug, next));
  const signInHref = tenantHref(slug, next === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(next)}`);

  const caller = await getCaller(slug);
  let methods;
  try {
    ({ methods } = await caller.challenge.get());
  } catch (error) {
    const expired = errorCode(error) === "TOKEN_INVALID";
    return (
      <Card title="Two-step verification">
        <Alert tone="error" title={expired ? "This sign-in has expired." : toFormError(error).message}>
          {expired ? "For your safety, a sign-in waits for its second step for 10 minutes at most." : null}
        </Alert>
        <p>
          <TextLink href={signInHref}>Start again</TextLink>
        </p>
      </Card>
    );
  }

  return (
    <Card title="Two-step verification" intro={<p>Your password was right. Now confirm it’s you with your second step.</p>}>
      <VerifyForm tenant={slug} methods={methods} next={tenantHref(slug, next)} chooseLanding={next === "/"} signInHref={signInHref} />
      {tenant.contactsEnabled ? (
        <p className="text-slate-700">
          Lost every method and your recovery codes?{" "}
          <TextLink href={tenantHref(slug, "/recovery/contacts/start")}>Ask my trusted contacts</TextLink>
        </p>
      ) : null}
    </Card>
  );
}
