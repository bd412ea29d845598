import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Panel, selectClass, StaffPage } from "@/components/staff-ui";
import { Alert, buttonStyles } from "@/components/ui";
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
      {administered.length > 1 ? (
        <form method="get" action={tenantHref(slug, "/staff/policy")} className="flex flex-col gap-3 sm:flex-row sm:items-end">
          <div>
            <label htmlFor="policy-tenant" className="block text-sm font-medium text-slate-800">
              Organisation
            </label>
            <select id="policy-tenant" name="tenant" defaultValue={current.tenantId} className={`mt-1.5 ${selectClass}`}>
              {administered.map((m) => (
                <option key={m.tenantId} value={m.tenantId}>
                  {m.tenantName}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className={buttonStyles.secondary}>
            Show
          </button>
        </form>
      ) : null}
      {!policy.enabled ? <Alert tone="info" title="Support recovery is turned off for this organisation.">People cannot open requests until it is turned on.</Alert> : null}
      <Panel id="policy-heading" title="Policy" intro={`Requests that are not decided end after ${policy.ticketDays} days.`}>
        <PolicyForm key={current.tenantId} tenant={slug} tenantId={current.tenantId} policy={policy} />
      </Panel>
    </StaffPage>
  );
}
