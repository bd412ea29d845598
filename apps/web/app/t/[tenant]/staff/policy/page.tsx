import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Panel, StaffPage, TenantPicker } from "@/components/staff-ui";
import { Alert } from "@/components/ui";
import { tenantHref } from "@/lib/tenant-href";
import { orNotFound, requireStaff, tenantsWithRole } from "@/server/staff";
import { PolicyForm } from "./policy-form";

export const metadata: Metadata = { title: "Support policy" };

/** How support recoveries run for an organisation; its admins change it. */
export default async function StaffPolicyPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<{ tenant?: string | string[] }> }) {
  const [{ tenant: slug }, query] = await Promise.all([params, searchParams]);
  const staff = await requireStaff(slug, "/staff/policy");
  if (!staff) return null;
  const administered = tenantsWithRole(staff.me, "admin");
  const current = administered.find((m) => m.tenantId === query.tenant) ?? administered[0];
  if (!current) notFound();
  const policy = await orNotFound(staff.caller.staff.policy({ tenantId: current.tenantId }));

  return (
    <StaffPage title="Support policy" intro={`How recovery through support works for ${current.tenantName}.`}>
      {administered.length > 1 ? <TenantPicker id="policy-tenant" action={tenantHref(slug, "/staff/policy")} tenants={administered} value={current.tenantId} /> : null}
      {!policy.enabled ? <Alert tone="info" title="Support recovery is turned off for this organisation.">People cannot open requests until it is turned on.</Alert> : null}
      <Panel id="policy-heading" title="Policy" intro={`Requests that are not decided end after ${policy.ticketDays} days.`}>
        <PolicyForm key={current.tenantId} tenant={slug} tenantId={current.tenantId} policy={policy} />
      </Panel>
    </StaffPage>
  );
}
