import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Cell, EmptyState, Panel, StaffPage, Table, TenantPicker } from "@/components/staff-ui";
import { formatDate } from "@/lib/format";
import { tenantHref } from "@/lib/tenant-href";
import { orNotFound, requireStaff, tenantsWithRole } from "@/server/staff";
import { roleLabels } from "./role-labels";
import { GrantForm, MemberActions } from "./team-forms";

export const metadata: Metadata = { title: "Support team" };

/** The organisation's support staff, for its admins: give access, change roles, remove. */
export default async function StaffTeamPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<{ tenant?: string | string[] }> }) {
  const [{ tenant: slug }, query] = await Promise.all([params, searchParams]);
  const staff = await requireStaff(slug, "/staff/team");
  if (!staff) return null;
  const administered = tenantsWithRole(staff.me, "admin");
  const current = administered.find((m) => m.tenantId === query.tenant) ?? administered[0];
  if (!current) notFound();
  const members = await orNotFound(staff.caller.staff.members({ tenantId: current.tenantId }));

  return (
    <StaffPage title="Support team" intro={`The people who can open ${current.tenantName}'s support dashboard, and what they may do.`}>
      {administered.length > 1 ? <TenantPicker id="team-tenant" action={tenantHref(slug, "/staff/team")} tenants={administered} value={current.tenantId} /> : null}

      <Panel id="members-heading" title="Members">
        {members.length === 0 ? (
          <EmptyState title="No staff members yet." />
        ) : (
          <Table label="Members" head={["Name", "Email", "Role", "Since", "Actions"]}>
            {members.map((member) => (
              <tr key={member.memberId}>
                <Cell wrap>{member.name}</Cell>
                <Cell>{member.email}</Cell>
                <Cell>{roleLabels[member.role]}</Cell>
                <Cell>{formatDate(member.since)}</Cell>
                <Cell>
                  <MemberActions tenant={slug} tenantId={current.tenantId} member={member} isSelf={member.email === staff.me.email} />
                </Cell>
              </tr>
            ))}
          </Table>
        )}
      </Panel>

      <Panel id="grant-heading" title="Give someone access" intro="Agents review and recommend; leads also approve and deny; admins also manage the team and the policy.">
        <GrantForm tenant={slug} tenantId={current.tenantId} />
      </Panel>
    </StaffPage>
  );
}
