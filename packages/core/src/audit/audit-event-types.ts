// Every security event Rekey records (S27). A closed set, so a typo is a compile error and the
// activity page can describe each one in plain words.
export const auditEventTypes = [
  "account.signed_up",
  "account.email_verified",
  "account.signed_in",
  "account.sign_in_failed",
  "account.sign_in_throttled",
  "account.signed_out",
  "account.password_changed",
  "account.password_reset_requested",
  "account.password_reset",
  "account.email_change_requested",
  "account.email_changed",
  "session.revoked",
  "session.revoked_all_others",
  "tenant.created",
  "staff.created",
] as const;

export type AuditEventType = (typeof auditEventTypes)[number];
