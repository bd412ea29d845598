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
  "factor.added": "Two-step verification method added",
  "factor.removed": "Two-step verification method removed",
  "factor.renamed": "Two-step verification method renamed",
  "factor.used": "Two-step verification method used",
  "factor.totp_replay_refused": "A reused authenticator code was refused",
  "factor.webauthn_counter_regressed": "A security key reported a suspicious counter (possible clone)",
  "account.two_factor_enabled": "Two-step verification turned on",
  "account.two_factor_disabled": "Two-step verification turned off",
  "account.second_factor_failed": "Failed two-step verification attempt",
  // Written beside "Signed in" for the same sign-in: it says what the second row adds.
  "account.new_device_sign_in": "New device: we emailed you about this sign-in",
  "account.stepped_up": "Confirmed it was you",
  "account.reported_not_me": "Reported “this wasn't me”: signed out everywhere, password reset required",
  "recovery_codes.generated": "New recovery codes created (the old ones stopped working)",
  "recovery_codes.used": "Signed in with a recovery code",
  "recovery_codes.last_used": "The last recovery code was used",
  "device.remembered": "Browser remembered for two-step verification",
  "device.forgotten": "Remembered browser removed",
  "sms.code_sent": "Text message code sent",
  "tenant.created": "Organisation created",
  "staff.created": "Support role granted",
};

export function describeAuditEvent(type: string): string {
  return descriptions[type as AuditEventType] ?? type;
}
