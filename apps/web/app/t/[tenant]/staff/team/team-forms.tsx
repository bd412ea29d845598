"use client";

import { type FormEvent, useState } from "react";
import { FormDialog } from "@/components/form-dialog";
import { selectClass, TextArea } from "@/components/staff-ui";
import { Alert, buttonStyles, Field, ReasonList } from "@/components/ui";
import { useAction } from "@/components/use-action";
import { grantStaffAction, removeStaffAction, setStaffRoleAction } from "@/server/actions/staff";
import { type Role, roleLabels } from "./role-labels";

/** Back to this organisation's team after "confirm it's you", not to the first one in the list. */
function returnPath(tenantId: string): string {
  return `/staff/team?tenant=${encodeURIComponent(tenantId)}`;
}

const roleHints: Record<Role, string> = {
  agent: "reviews requests and recommends",
  lead: "also approves, denies and reads the staff log",
  admin: "also manages the team and the support policy",
};

function RoleSelect({ id, defaultValue }: { id: string; defaultValue: Role }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        Role
      </label>
      <select id={id} name="role" defaultValue={defaultValue} className={`mt-1.5 ${selectClass}`}>
        {(Object.keys(roleLabels) as Role[]).map((role) => (
          <option key={role} value={role}>
            {roleLabels[role]}: {roleHints[role]}
          </option>
        ))}
      </select>
    </div>
  );
}

function roleOf(data: FormData): Role {
  const value = data.get("role");
  return value === "lead" || value === "admin" ? value : "agent";
}

/** Gives an existing account of this organisation a role on the support desk. */
export function GrantForm({ tenant, tenantId }: { tenant: string; tenantId: string }) {
  const { error, pending, run } = useAction(tenant, returnPath(tenantId));
  const [done, setDone] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const email = String(data.get("email") ?? "").trim();
    setDone(null);
    if (await run(() => grantStaffAction(tenant, { tenantId, email, role: roleOf(data), reason: String(data.get("reason") ?? "") }))) {
      form.reset();
      setDone(`${email} now has access. They have been emailed.`);
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-4">
      {error ? (
        <Alert tone="error" title={error.message}>
          {error.details?.length ? <ReasonList reasons={error.details} /> : null}
        </Alert>
      ) : null}
      {done ? <Alert tone="success" title={done} /> : null}
      <Field id="grant-email" name="email" type="email" label="Email of their account" hint="They need an account here already." required autoComplete="off" />
      <RoleSelect id="grant-role" defaultValue="agent" />
      <TextArea id="grant-reason" name="reason" label="Reason" hint="Kept in the staff log." required maxLength={500} />
      <button type="submit" className={buttonStyles.primary} disabled={pending}>
        Give access
      </button>
    </form>
  );
}

/** A member's row actions: change the role, or take them off the desk; each with a reason. */
export function MemberActions({ tenant, tenantId, member, isSelf }: { tenant: string; tenantId: string; member: { memberId: string; name: string; role: Role }; isSelf: boolean }) {
  const change = useAction(tenant, returnPath(tenantId));
  const remove = useAction(tenant, returnPath(tenantId));

  async function submitRole(data: FormData) {
    return Boolean(await change.run(() => setStaffRoleAction(tenant, { memberId: member.memberId, role: roleOf(data), reason: String(data.get("reason") ?? "") })));
  }
  async function submitRemoval(data: FormData) {
    return Boolean(await remove.run(() => removeStaffAction(tenant, { memberId: member.memberId, reason: String(data.get("reason") ?? "") })));
  }

  return (
    <div className="flex flex-col gap-2 sm:flex-row">
      <FormDialog
        triggerLabel="Change role"
        triggerName={`Change role of ${member.name}`}
        triggerVariant="secondary"
        title={`Change ${member.name}'s role?`}
        description={<p>The new role applies from their next page.{isSelf ? " This is your own role." : ""}</p>}
        confirmLabel="Change role"
        onSubmit={submitRole}
        error={change.error}
        pending={change.pending}
      >
        <RoleSelect id={`role-${member.memberId}`} defaultValue={member.role} />
        <TextArea id={`role-reason-${member.memberId}`} name="reason" label="Reason" hint="Kept in the staff log." required maxLength={500} />
      </FormDialog>
      <FormDialog
        triggerLabel="Remove"
        triggerName={`Remove ${member.name}`}
        triggerVariant="danger"
        title={`Remove ${member.name} from the support desk?`}
        description={<p>They keep their own account but can no longer open the support dashboard for this organisation.{isSelf ? " This is you." : ""}</p>}
        confirmLabel="Remove"
        tone="danger"
        onSubmit={submitRemoval}
        error={remove.error}
        pending={remove.pending}
      >
        <TextArea id={`remove-reason-${member.memberId}`} name="reason" label="Reason" hint="Kept in the staff log." required maxLength={500} />
      </FormDialog>
    </div>
  );
}
