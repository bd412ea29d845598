import { createCallerFactory, router } from "./trpc";
import { checkPassword } from "./routers/account/check-password";
import { resendVerification } from "./routers/account/resend-verification";
import { signUp } from "./routers/account/sign-up";
import { verifyEmail } from "./routers/account/verify-email";
import { listActivity } from "./routers/activity/list-activity";
import { getSession } from "./routers/auth/get-session";
import { signIn } from "./routers/auth/sign-in";
import { signOut } from "./routers/auth/sign-out";
import { handOff } from "./routers/auth/hand-off";
import { listDevMail } from "./routers/dev-mail/list-dev-mail";
import { listDevices } from "./routers/devices/list-devices";
import { revokeDevice } from "./routers/devices/revoke-device";
import { revokeOtherDevices } from "./routers/devices/revoke-other-devices";
import { confirmChange } from "./routers/email/confirm-change";
import { requestChange } from "./routers/email/request-change";
import { change } from "./routers/password/change";
import { requestReset } from "./routers/password/request-reset";
import { reset } from "./routers/password/reset";
import { resetLinkStatus } from "./routers/password/reset-link-status";
import { getTenant } from "./routers/tenant/get-tenant";
import { reportNotMe } from "./routers/account/report-not-me";
import { stepUp } from "./routers/auth/step-up";
import { sendStepUpSms, stepUpMethods, stepUpWebAuthnOptions } from "./routers/auth/step-up-options";
import { challengeWebAuthnOptions } from "./routers/challenge/challenge-webauthn-options";
import { completeChallenge } from "./routers/challenge/complete-challenge";
import { getChallenge } from "./routers/challenge/get-challenge";
import { passkeyOptions } from "./routers/challenge/passkey-options";
import { sendChallengeSms } from "./routers/challenge/send-challenge-sms";
import { signInWithPasskey } from "./routers/challenge/sign-in-with-passkey";
import { forgetRememberedDevice, listRememberedDevices } from "./routers/devices/remembered-devices";
import { listFactors } from "./routers/factors/list-factors";
import { removeFactor } from "./routers/factors/remove-factor";
import { renameFactor } from "./routers/factors/rename-factor";
import { activatePhone } from "./routers/sms/activate-phone";
import { addPhone } from "./routers/sms/add-phone";
import { resendEnrolmentCode } from "./routers/sms/resend-enrolment-code";
import { activateTotp } from "./routers/totp/activate-totp";
import { startTotp } from "./routers/totp/start-totp";
import { recoveryCodeStatus, regenerate } from "./routers/recovery-codes/recovery-code-status";
import { finishSetup, startSetup, waitingFactors } from "./routers/recovery-codes/two-step-setup";
import { register } from "./routers/webauthn/register";
import { registrationOptions } from "./routers/webauthn/registration-options";
import { inviteContact } from "./routers/contacts/invite-contact";
import { listContacts } from "./routers/contacts/list-contacts";
import { removeContact } from "./routers/contacts/remove-contact";
import { setThreshold } from "./routers/contacts/set-threshold";
import { answerInvitation } from "./routers/helping/answer-invitation";
import { leave } from "./routers/helping/leave";
import { listDuties } from "./routers/helping/list-duties";
import { refuse } from "./routers/helping/refuse";
import { vouch } from "./routers/helping/vouch";
import { cancel } from "./routers/recovery/cancel";
import { finish } from "./routers/recovery/finish";
import { recoveryStatus } from "./routers/recovery/recovery-status";
import { startWithContacts } from "./routers/recovery/start-with-contacts";
import { submitCode } from "./routers/recovery/submit-code";
import { complete } from "./routers/support/complete";
import { openTicket } from "./routers/support/open-ticket";
import { reply } from "./routers/support/reply";
import { supportForm } from "./routers/support/support-form";
import { ticketStatus } from "./routers/support/ticket-status";
import { approve } from "./routers/desk/approve";
import { deny } from "./routers/desk/deny";
import { message } from "./routers/desk/message";
import { queue } from "./routers/desk/queue";
import { review } from "./routers/desk/review";
import { ticket } from "./routers/desk/ticket";
import { grant } from "./routers/staff/grant";
import { listActions } from "./routers/staff/list-actions";
import { listMembers } from "./routers/staff/list-members";
import { me } from "./routers/staff/me";
import { removeMember } from "./routers/staff/remove-member";
import { setHighValue } from "./routers/staff/set-high-value";
import { setRole } from "./routers/staff/set-role";
import { policy, updatePolicy } from "./routers/staff/support-policy";
import { viewUser } from "./routers/staff/view-user";
import { createKey } from "./routers/developers/create-key";
import { keys } from "./routers/developers/keys";
import { revokeKey } from "./routers/developers/revoke-key";
import { returnOrigins } from "./routers/developers/return-origins";
import { setReturnOrigins } from "./routers/developers/set-return-origins";
import { createEndpoint } from "./routers/developers/create-endpoint";
import { deleteEndpoint } from "./routers/developers/delete-endpoint";
import { deliveries } from "./routers/developers/deliveries";
import { endpoints } from "./routers/developers/endpoints";
import { redeliver } from "./routers/developers/redeliver";
import { rotateEndpointSecret } from "./routers/developers/rotate-endpoint-secret";
import { updateEndpoint } from "./routers/developers/update-endpoint";

export const appRouter = router({
  tenant: router({ get: getTenant }),
  account: router({ signUp, verifyEmail, resendVerification, checkPassword, reportNotMe }),
  auth: router({ signIn, session: getSession, signOut, stepUp, stepUpMethods, stepUpWebAuthnOptions, sendStepUpSms, handOff }),
  challenge: router({ get: getChallenge, sendSms: sendChallengeSms, webAuthnOptions: challengeWebAuthnOptions, complete: completeChallenge }),
  passkey: router({ options: passkeyOptions, signIn: signInWithPasskey }),
  factors: router({ list: listFactors, rename: renameFactor, remove: removeFactor }),
  totp: router({ start: startTotp, activate: activateTotp }),
  sms: router({ addPhone, activate: activatePhone, resendCode: resendEnrolmentCode }),
  webauthn: router({ registrationOptions, register }),
  recoveryCodes: router({ status: recoveryCodeStatus, regenerate, waitingFactors, startSetup, finishSetup }),
  password: router({ requestReset, resetLinkStatus, reset, change }),
  email: router({ requestChange, confirmChange }),
  devices: router({
    list: listDevices,
    revoke: revokeDevice,
    revokeOthers: revokeOtherDevices,
    listRemembered: listRememberedDevices,
    forgetRemembered: forgetRememberedDevice,
  }),
  activity: router({ list: listActivity }),
  contacts: router({ list: listContacts, invite: inviteContact, remove: removeContact, setThreshold }),
  helping: router({ list: listDuties, answerInvitation, leave, vouch, refuse }),
  recovery: router({ startWithContacts, status: recoveryStatus, submitCode, finish, cancel }),
  support: router({ form: supportForm, open: openTicket, status: ticketStatus, reply, complete }),
  desk: router({ queue, ticket, review, message, approve, deny }),
  devMail: router({ list: listDevMail }),
  staff: router({ me, members: listMembers, grant, setRole, removeMember, user: viewUser, setHighValue, actions: listActions, policy, updatePolicy }),
  developers: router({
    keys,
    createKey,
    revokeKey,
    endpoints,
    createEndpoint,
    updateEndpoint,
    rotateEndpointSecret,
    deleteEndpoint,
    deliveries,
    redeliver,
    returnOrigins,
    setReturnOrigins,
  }),
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
