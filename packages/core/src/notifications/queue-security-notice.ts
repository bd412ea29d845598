import type { Tx } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { issueEmailToken } from "../accounts/email-tokens";
import { deviceLabel } from "../sessions/describe-user-agent";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { newDeviceSignInMessage, securityChangeMessage, type EmailContent, type SecurityNoticeDetails } from "./email-templates";
import { tokenLinkUrl } from "./links";
import type { QueueEmail } from "./with-notifications";

export type QueueSecurityNoticeOptions = {
  tx: Tx;
  queueEmail: QueueEmail;
  tenant: Tenant;
  user: { id: string; email: string };
  /**
   * "new-device"; a sentence naming the change ("An authenticator app was added"); or the whole
   * message, for notices with words of their own (the link and details are filled in).
   */
  what: "new-device" | string | ((details: SecurityNoticeDetails & { notMeUrl: string }) => EmailContent);
  context: RequestContext;
};

/**
 * Mails the owner about a security event with a single-use "this wasn't me" link (S27). Only the
 * newest such link stays valid, so a pile of old notices cannot be replayed.
 */
export async function queueSecurityNotice(options: QueueSecurityNoticeOptions) {
  const { tx, queueEmail, tenant, user, what, context } = options;
  const token = await issueEmailToken({ db: tx, tenantId: tenant.id, userId: user.id, purpose: "not_me" });
  const details = { when: new Date(), device: deviceLabel(context.userAgent), ip: context.ip, notMeUrl: tokenLinkUrl(tenant, "/not-me", token) };
  const brand = { tenantName: tenant.name };
  const message =
    typeof what === "function" ? what(details) : what === "new-device" ? newDeviceSignInMessage(brand, details) : securityChangeMessage(brand, { ...details, what });
  await queueEmail({ tenantId: tenant.id, userId: user.id, to: user.email, ...message });
}
