"use server";

import { redirect } from "next/navigation";
import type { ActionResult, FormState } from "@/lib/form-state";
import { tenantHref } from "@/lib/tenant-href";
import { actionFailure, confirmHref, getCaller } from "../caller";
import { errorCode, toFormError } from "../errors";
import { formText } from "../form-data";
import { runAction } from "./action-result";

export type RequestResetState = FormState<true, { email: string }>;

export async function requestPasswordResetAction(tenant: string, _previous: RequestResetState, formData: FormData): Promise<RequestResetState> {
  const values = { email: formText(formData, "email") };
  try {
    const caller = await getCaller(tenant);
    await caller.password.requestReset(values);
  } catch (error) {
    return { status: "error", error: toFormError(error), values };
  }
  redirect(tenantHref(tenant, "/check-your-email?for=reset"));
}

export type ResetLinkStatus = "usable" | "used" | "expired" | "unknown";

/** Asked as the reset page opens, so a dead link says so before the form. The link stays as it was. */
export async function resetLinkStatusAction(tenant: string, token: string): Promise<ActionResult<ResetLinkStatus>> {
  return runAction(tenant, async (caller) => (await caller.password.resetLinkStatus({ token })).status);
}

export type ResetPasswordState = FormState<{ email: string }>;

export async function resetPasswordAction(tenant: string, _previous: ResetPasswordState, formData: FormData): Promise<ResetPasswordState> {
  try {
    const caller = await getCaller(tenant);
    const result = await caller.password.reset({
      token: formText(formData, "token"),
      newPassword: formText(formData, "newPassword", { trim: false }),
    });
    return { status: "done", result: { email: result.email } };
  } catch (error) {
    return { status: "error", error: toFormError(error) };
  }
}

export type ChangePasswordState = FormState<{ signedOutOtherSessions: number }>;

export async function changePasswordAction(tenant: string, _previous: ChangePasswordState, formData: FormData): Promise<ChangePasswordState> {
  try {
    const caller = await getCaller(tenant);
    const result = await caller.password.change({
      currentPassword: formText(formData, "currentPassword", { trim: false }),
      newPassword: formText(formData, "newPassword", { trim: false }),
    });
    return { status: "done", result: { signedOutOtherSessions: result.signedOutOtherSessions } };
  } catch (error) {
    // The window closed while the form was open: confirm it's you, then come back (S12).
    if (errorCode(error) === "STEP_UP_REQUIRED") redirect(confirmHref(tenant, "/change-password"));
    return { status: "error", error: await actionFailure(tenant, error) };
  }
}
