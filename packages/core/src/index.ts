// @rekey/core's public surface. Everything a caller (the tRPC api, the worker, scripts) may use.
export { env, type Env } from "./env";
export { AppError, isAppError, appErrorStatus, type AppErrorCode } from "./errors/app-error";
export { toAppError } from "./errors/to-app-error";
export { newId } from "./ids";

export type { RequestContext } from "./audit/request-context";
export { systemRequestContext } from "./audit/request-context";
export { recordAuditEvent } from "./audit/record-audit-event";
export { findUserActivity } from "./audit/find-user-activity";
export { describeAuditEvent } from "./audit/describe-audit-event";
export { auditEventTypes, type AuditEventType } from "./audit/audit-event-types";

export { createTenant, tenantSlugPattern } from "./tenants/create-tenant";
export { forgetCachedTenant, getTenantBySlug, type Tenant } from "./tenants/get-tenant-by-slug";
export { tenantPolicySchema, parseTenantPolicy, defaultTenantPolicy, type TenantPolicy } from "./tenants/tenant-policy";
export { createStaffMember } from "./staff/create-staff-member";
export {
  checkStaffSession,
  findStaffMemberships,
  hasStaffRole,
  notFoundForStaff,
  requireStaffRole,
  staffGateMessages,
  staffIdleMinutes,
  tenantsWithRole,
  type Staff,
  type StaffGate,
  type StaffGateReason,
  staffNewFactorHours,
  type StaffMembership,
} from "./staff/staff-access";
export { getStaffStatus, type StaffStatus } from "./staff/get-staff-status";
export { findStaffMembers, type StaffMemberRow } from "./staff/find-staff-members";
export { grantStaffRole } from "./staff/grant-staff-role";
export { setStaffRole } from "./staff/set-staff-role";
export { removeStaffMember } from "./staff/remove-staff-member";
export { getStaffUserView, type StaffUserView } from "./staff/get-staff-user-view";
export { setHighValue } from "./staff/set-high-value";
export { findStaffActions, staffActionsPageSize, type StaffAction } from "./staff/find-staff-actions";
export { getSupportPolicy, type SupportPolicy } from "./staff/get-support-policy";
export { updateSupportPolicy } from "./staff/update-support-policy";

export { createAccount } from "./accounts/create-account";
export { normalizeEmail } from "./accounts/normalize-email";
export { signUp } from "./accounts/sign-up";
export { verifyEmail } from "./accounts/verify-email";
export { resendVerification } from "./accounts/resend-verification";
export { signInWithPassword, type SignInResult } from "./accounts/sign-in-with-password";
export { requestPasswordReset } from "./accounts/request-password-reset";
export { resetPassword } from "./accounts/reset-password";
export { getEmailTokenStatus, type EmailTokenStatus } from "./accounts/get-email-token-status";
export { changePassword } from "./accounts/change-password";
export { requestEmailChange } from "./accounts/request-email-change";
export { confirmEmailChange } from "./accounts/confirm-email-change";

export { checkPasswordStrength, passwordMinLength, passwordMaxLength, type PasswordStrength } from "./passwords/check-password-strength";

export { createSession } from "./sessions/create-session";
export { verifySession, type VerifiedSession } from "./sessions/verify-session";
export { sessionRestriction, type SessionRestriction } from "./sessions/session-restriction";
export { revokeSession } from "./sessions/revoke-session";
export { revokeAllOtherSessions } from "./sessions/revoke-all-other-sessions";
export { findSessions } from "./sessions/find-sessions";
export { describeUserAgent, deviceLabel } from "./sessions/describe-user-agent";

export { defaultTenantSlug, tenantPageUrl } from "./notifications/links";

export { enqueueEmail } from "./outbox/enqueue-email";
export { findDevMailbox, type DevMailboxMessage } from "./outbox/find-dev-mailbox";

export { resolveDevice } from "./devices/resolve-device";
export { findRememberedDevices } from "./devices/find-remembered-devices";
export { forgetDevice } from "./devices/forget-device";
export { reportNotMe } from "./accounts/report-not-me";
export { requireRecentAuthentication } from "./sessions/require-recent-authentication";
export { stepUp, type StepUpProof } from "./sessions/step-up";

export { findSecondFactorMethods, hasAnySecondFactor, type SecondFactorMethods } from "./sign-in/second-factor-methods";
export { getSignInChallenge } from "./sign-in/sign-in-challenges";
export { completeSignInChallenge } from "./sign-in/complete-sign-in-challenge";
export { signInWithPasskey } from "./sign-in/sign-in-with-passkey";
export { startPasskeySignIn } from "./sign-in/start-passkey-sign-in";
export { quotas } from "./rate-limit/quota";
export type { SignInOutcome } from "./accounts/sign-in-with-password";
export type { EstablishedSession } from "./sign-in/establish-session";

export { findFactors } from "./factors/find-factors";
export { renameFactor } from "./factors/rename-factor";
export { removeFactor } from "./factors/remove-factor";
export { type FactorActivation } from "./factors/first-factor";
export { findFactorsAwaitingRecoveryCodes, startTwoStepSetup, finishTwoStepSetup, type WaitingFactor } from "./factors/two-step-setup";
export { startTotpEnrolment } from "./factors/totp/start-totp-enrolment";
export { activateTotpFactor } from "./factors/totp/activate-totp-factor";
export { resealTotpSecrets } from "./factors/totp/reseal-totp-secrets";
export { startWebAuthnRegistration } from "./factors/webauthn/start-webauthn-registration";
export { finishWebAuthnRegistration } from "./factors/webauthn/finish-webauthn-registration";
export { startWebAuthnAuthentication } from "./factors/webauthn/start-webauthn-authentication";
export { addPhoneFactor } from "./factors/sms/add-phone-factor";
export { activatePhoneFactor } from "./factors/sms/activate-phone-factor";
export { sendSmsCode } from "./factors/sms/send-sms-code";
export { smsRiskWarning } from "./factors/sms/sms-risk";

export {
  generateRecoveryCode,
  formatRecoveryCode,
  normalizeRecoveryCodeInput,
  maskRecoveryCode,
  recoveryCodeAlphabet,
  recoveryCodeLength,
  type RecoveryCodeStyle,
} from "./recovery-codes/recovery-code-format";
export { issueRecoveryCodes, prepareRecoveryCodes, type IssuedRecoveryCodes, type PreparedRecoveryCodes } from "./recovery-codes/issue-recovery-codes";
export { confirmRecoveryCodes, prepareRecoveryCodeConfirmation } from "./recovery-codes/confirm-recovery-codes";
export { consumeRecoveryCode, type ConsumedRecoveryCode } from "./recovery-codes/consume-recovery-code";
export { regenerateRecoveryCodes } from "./recovery-codes/regenerate-recovery-codes";
export { findRecoveryCodeStatus, type RecoveryCodeStatus, type UsedRecoveryCode } from "./recovery-codes/find-recovery-code-status";
export { hasPendingRecoveryCodes } from "./recovery-codes/has-pending-recovery-codes";
export { recoveryCodesText, recoveryCodesFileName } from "./recovery-codes/recovery-codes-file";

export { systemClock, type Clock } from "./clock";
export { inviteTrustedContact } from "./contacts/invite-trusted-contact";
export { findTrustedContacts, type TrustedContactsOverview, type OwnerContact } from "./contacts/find-trusted-contacts";
export { removeTrustedContact } from "./contacts/remove-trusted-contact";
export { setContactThreshold } from "./contacts/set-contact-threshold";
export { answerContactInvitation } from "./contacts/answer-contact-invitation";
export { leaveTrustedContact } from "./contacts/leave-trusted-contact";
export { findContactDuties, type ContactDuties } from "./contacts/find-contact-duties";
export { effectiveThreshold, contactState, type ContactState } from "./contacts/contact-rules";
export { startContactRecovery, type StartedContactRecovery } from "./recovery/start-contact-recovery";
export { findContactRecovery, type ContactRecoveryView } from "./recovery/find-contact-recovery";
export { submitRelayCode, relayCodeFailuresPerAttempt } from "./recovery/submit-relay-code";
export { vouchForRecovery, type VouchedCode } from "./recovery/vouch-for-recovery";
export { refuseRecovery } from "./recovery/refuse-recovery";
export { finishContactRecovery, type ContactRecoveryProof } from "./recovery/finish-contact-recovery";
export { cancelContactRecovery, cancelOpenRecoveries } from "./recovery/cancel-contact-recovery";
export { completeAccountRecovery, type CompletedAccountRecovery, type AccountRecoveryMethod } from "./recovery/complete-account-recovery";
export { assertNotFrozen } from "./recovery/assert-not-frozen";
export { normalizeRelayCode, formatRelayCode, relayCodeDigits } from "./recovery/relay-code";
export { approveSupportTicket, recoveryLinkHours, type ApprovedTicket } from "./support/approve-support-ticket";
export { completeSupportRecovery } from "./support/complete-support-recovery";
export { denySupportTicket } from "./support/deny-support-ticket";
export { findSupportTicket, type PersonTicketView } from "./support/find-support-ticket";
export { getSupportTicket, type StaffTicketView, type TimelineStep } from "./support/get-support-ticket";
export { listSupportTickets, type QueueFilter, type QueueTicket, type SupportQueue } from "./support/list-support-tickets";
export { messageSupportTicket } from "./support/message-support-ticket";
export { assertSupportEnabled, openSupportTicket, type OpenedSupportTicket } from "./support/open-support-ticket";
export { replyToSupportTicket } from "./support/reply-to-support-ticket";
export { reviewSupportTicket, type ReviewKind } from "./support/review-support-ticket";
export { type Evidence, type PersonTicketState, type RiskSignals, type TicketState } from "./support/support-rules";

export { apiKeyEnvironments, apiKeyLength, generateApiKey, parseApiKey, type ApiKeyEnvironment } from "./api-keys/api-key-format";
export { apiKeyScopes, apiKeyScopeDescriptions, type ApiKeyScope } from "./api-keys/api-key-scopes";
export { createApiKey, maxActiveApiKeys } from "./api-keys/create-api-key";
export { findApiKeys, type ApiKeySummary, type ApiKeyStatus } from "./api-keys/find-api-keys";
export { revokeApiKey } from "./api-keys/revoke-api-key";
export { findApiPrincipal, spendApiKeyCall, requireApiScope, apiKeyActor, type ApiPrincipal } from "./api-keys/authenticate-api-key";
export { forgetApiKeyBudgets } from "./api-keys/api-key-budget";
export { inspectSession, authenticationLevel, type InspectedSession, type AuthenticationLevel } from "./sessions/inspect-session";
export { allowedReturnUrl, normalizeReturnOrigin, returnOriginProblem } from "./tenants/return-origins";
export { setReturnOrigins } from "./tenants/set-return-origins";
export { getReturnOrigins } from "./tenants/get-return-origins";
export { createSessionHandoff, sessionHandoffParameter, sessionHandoffSeconds } from "./sessions/create-session-handoff";
export { exchangeSessionHandoff, type ExchangedSession } from "./sessions/exchange-session-handoff";
export { findUserSessions, type UserSession } from "./sessions/find-user-sessions";
export { revokeUserSession } from "./sessions/revoke-user-session";
export { revokeUserSessions } from "./sessions/revoke-user-sessions";
export { getAccount, type AccountSummary } from "./accounts/get-account";
export { findAccounts, accountPageSize, decodeAccountCursor, type AccountPage } from "./accounts/find-accounts";
export { inviteAccount, invitationLinkHours } from "./accounts/invite-account";
export { disableAccount, type AccountDisabled } from "./accounts/disable-account";
export { enableAccount } from "./accounts/enable-account";
export { getAccountSecurityStatus, type AccountSecurityStatus } from "./accounts/get-account-security-status";
export { recoveryReadiness, factorKind, type RecoveryReadiness } from "./accounts/recovery-readiness";

// The security-event feed and webhooks (issue 15).
export { sequenceEvents, type SequenceEventsResult } from "./events/sequence-events";
export { findSecurityEvents, securityEventsMaxLimit, type SecurityEventPage } from "./events/find-security-events";
export { type SecurityEvent, type SecurityEventActor } from "./events/security-event";
export { startEventWorker, type EventWorker, type StartEventWorkerOptions } from "./events/start-event-worker";
export { createWebhookEndpoint } from "./webhooks/create-webhook-endpoint";
export { findWebhookEndpoints } from "./webhooks/find-webhook-endpoints";
export { updateWebhookEndpoint } from "./webhooks/update-webhook-endpoint";
export { rotateWebhookSecret, webhookSecretOverlapMs } from "./webhooks/rotate-webhook-secret";
export { deleteWebhookEndpoint } from "./webhooks/delete-webhook-endpoint";
export { findWebhookDeliveries, webhookDeliveriesMaxLimit, type WebhookDeliverySummary, type WebhookDeliveryStatus } from "./webhooks/find-webhook-deliveries";
export { redeliverWebhook } from "./webhooks/redeliver-webhook";
export { maxWebhookEndpoints, type WebhookEndpointSummary } from "./webhooks/webhook-endpoint-summary";
export { webhookUrlMaxLength } from "./webhooks/check-webhook-url";
export { deliverWebhook, webhookMaxAttempts, webhookRetryDelaysMs, webhookDisableAfterFailures } from "./webhooks/deliver-webhook";
export { signWebhook } from "./webhooks/sign-webhook";
export { warnExpiringApiKeys } from "./api-keys/warn-expiring-api-keys";
