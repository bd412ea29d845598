import type { Tx } from "../db/client";
import { render } from "../notifications/email-templates";
import { enqueueEmail } from "../outbox/enqueue-email";

export type MailTenantAdminsOptions = {
  /** The transaction of the change the mail is about. */
  tx: Tx;
  tenantId: string;
  subject: string;
  paragraphs: string[];
  /** The Developers page, where an admin can act on it. */
  action?: { label: string; url: string };
};

/**
 * Queues one mail to every admin of the tenant (staff_member role admin), in the caller's
 * transaction. Returns the outbox ids to dispatch after commit.
 */
export async function mailTenantAdmins(options: MailTenantAdminsOptions): Promise<string[]> {
  const { tx, tenantId, subject, paragraphs, action } = options;
  const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { name: true } });
  const admins = await tx.staffMember.findMany({ where: { tenantId, role: "admin" }, select: { user: { select: { id: true, email: true } } } });
  const content = render({ tenantName: tenant.name }, subject, paragraphs, action);
  const ids: string[] = [];
  for (const admin of admins) {
    ids.push(await enqueueEmail({ db: tx, tenantId, userId: admin.user.id, to: admin.user.email, subject: content.subject, text: content.text, html: content.html }));
  }
  return ids;
}
