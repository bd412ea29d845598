import type { AuditEventType } from "./audit-event-types";

// Plain words for the security activity page: what a person would say happened.
const descriptions: Record<AuditEventType, string> = {
  "account.signed_up": "Account created",
  "account.email_verified": "Email address confirmed",
  "account.signed_in": "Signed in",
  "account.sign_in_failed": "Failed sign-in attempt (wrong password)",
  "account.sign_in_throttled": "Sign-in attempts paused after too many failures",
  "account.signed_out": "Signed out",
  "account.password_changed": "Password changed",
  "account.password_reset_requested": "Password reset link requested",
  "account.password_reset": "Password reset with an emailed link",
  "account.email_change_requested": "Change of email address requested",
  "account.email_changed": "Email address changed",
  "session.revoked": "A device was signed out",
  "session.revoked_all_others": "All other devices were signed out",
  "tenant.created": "Organisation created",
  "staff.created": "Support role granted",
};

export function describeAuditEvent(type: string): string {
  return descriptions[type as AuditEventType] ?? type;
}
