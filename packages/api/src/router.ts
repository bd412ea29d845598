import { createCallerFactory, router } from "./trpc";
import { checkPassword } from "./routers/account/check-password";
import { resendVerification } from "./routers/account/resend-verification";
import { signUp } from "./routers/account/sign-up";
import { verifyEmail } from "./routers/account/verify-email";
import { listActivity } from "./routers/activity/list-activity";
import { getSession } from "./routers/auth/get-session";
import { signIn } from "./routers/auth/sign-in";
import { signOut } from "./routers/auth/sign-out";
import { listDevMail } from "./routers/dev-mail/list-dev-mail";
import { listDevices } from "./routers/devices/list-devices";
import { revokeDevice } from "./routers/devices/revoke-device";
import { revokeOtherDevices } from "./routers/devices/revoke-other-devices";
import { confirmChange } from "./routers/email/confirm-change";
import { requestChange } from "./routers/email/request-change";
import { change } from "./routers/password/change";
import { requestReset } from "./routers/password/request-reset";
import { reset } from "./routers/password/reset";
import { getTenant } from "./routers/tenant/get-tenant";

export const appRouter = router({
  tenant: router({ get: getTenant }),
  account: router({ signUp, verifyEmail, resendVerification, checkPassword }),
  auth: router({ signIn, session: getSession, signOut }),
  password: router({ requestReset, reset, change }),
  email: router({ requestChange, confirmChange }),
  devices: router({ list: listDevices, revoke: revokeDevice, revokeOthers: revokeOtherDevices }),
  activity: router({ list: listActivity }),
  devMail: router({ list: listDevMail }),
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
