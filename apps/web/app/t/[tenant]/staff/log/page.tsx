import type { Metadata } from "next";
import { notFound } from "next/navigation";
import Link from "next/link";
import { Cell, EmptyState, StaffPage, Table, TenantPicker } from "@/components/staff-ui";
import { buttonStyles, TextLink } from "@/components/ui";
import { formatDateTime } from "@/lib/format";
import { tenantHref } from "@/lib/tenant-href";
import { orNotFound, requireStaff, tenantsWithRole } from "@/server/staff";

export const metadata: Metadata = { title: "Staff log" };

/** What staff did and why, newest first, for the tenants the staff member leads. */
export default async function StaffLogPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<{ tenant?: string | string[]; cursor?: string | string[] }> }) {
  const [{ tenant: slug }, query] = await Promise.all([params, searchParams]);
  const staff = await requireStaff(slug, "/staff/log");
  if (!staff) return null;
  const led = tenantsWithRole(staff.me, "lead");
  if (led.length === 0) notFound();
  const tenantId = typeof query.tenant === "string" && led.some((m) => m.tenantId === query.tenant) ? query.tenant : undefined;
  const cursor = typeof query.cursor === "string" && query.cursor !== "" ? query.cursor.slice(0, 64) : undefined;
  const page = await orNotFound(staff.caller.staff.actions({ tenantId, cursor }));

  const base = new URLSearchParams(tenantId ? { tenant: tenantId } : {});
  const hrefWithCursor = (next: string | null) => {
    const search = new URLSearchParams(base);
    if (next) search.set("cursor", next);
    return tenantHref(slug, search.size ? `/staff/log?${search}` : "/staff/log");
  };

  return (
    <StaffPage title="Staff log" intro="Every look at an account and every decision, with the reason given. Newest first.">
      {led.length > 1 ? <TenantPicker id="log-tenant" action={tenantHref(slug, "/staff/log")} tenants={led} value={tenantId ?? ""} allLabel="All organisations" /> : null}

      {page.actions.length === 0 ? (
        <EmptyState title={cursor ? "No older actions." : "No staff actions yet."} />
      ) : (
        <Table label="Staff actions" head={["When", "Who", "What", "Account", "Reason", "Organisation"]}>
          {page.actions.map((action) => (
            <tr key={action.id}>
              <Cell>{formatDateTime(action.at)}</Cell>
              <Cell>
                {action.staff.name}
                <span className="block text-xs text-slate-600">{action.staff.email}</span>
              </Cell>
              <Cell wrap>{action.description}</Cell>
              <Cell>{action.subjectEmail ?? "—"}</Cell>
              <Cell wrap>
                <span className="whitespace-pre-wrap">{action.reason ?? "—"}</span>
              </Cell>
              <Cell>{action.tenant.name}</Cell>
            </tr>
          ))}
        </Table>
      )}

      <div className="flex flex-wrap gap-4">
        {cursor ? <TextLink href={hrefWithCursor(null)}>Newest actions</TextLink> : null}
        {page.nextCursor ? (
          <Link href={hrefWithCursor(page.nextCursor)} className={buttonStyles.secondary}>
            Older actions
          </Link>
        ) : null}
      </div>
    </StaffPage>
  );
}
