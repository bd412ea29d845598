"use server";

import { redirect } from "next/navigation";
import type { FormState } from "@/lib/form-state";
import { actionFailure, confirmHref, getCaller } from "../caller";
import { errorCode, toFormError } from "../errors";
import { formText } from "../form-data";
import type { TokenResult } from "./account";

export type ChangeEmailState = FormState<{ newEmail: string }, { newEmail: string }>;

export async function changeEmailAction(tenant: string, _previous: ChangeEmailState, formData: FormData): Promise<ChangeEmailState> {
  const values = { newEmail: formText(formData, "newEmail") };
  try {
    const caller = await getCaller(tenant);
    const requested = await caller.email.requestChange({ currentPassword: formText(formData, "currentPassword", { trim: false }), newEmail: values.newEmail });
    // Named as it is saved (and as the mail is addressed), not as it was typed.
    return { status: "done", result: { newEmail: requested.newEmail } };
  } catch (error) {
    // The window closed while the form was open: confirm it's you, then come back (S12).
    if (errorCode(error) === "STEP_UP_REQUIRED") redirect(confirmHref(tenant, "/change-email"));
    return { status: "error", error: await actionFailure(tenant, error), values };
  }
}

export async function confirmEmailChangeAction(tenant: string, token: string): Promise<TokenResult<{ email: string }>> {
  try {
    const caller = await getCaller(tenant);
    return { status: "done", result: await caller.email.confirmChange({ token }) };
  } catch (error) {
    return { status: "error", error: toFormError(error) };
  }
}
