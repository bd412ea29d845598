"use server";

import type { FormState } from "@/lib/form-state";
import { getCaller } from "../caller";
import { toFormError } from "../errors";
import { formText } from "../form-data";
import type { TokenResult } from "./account";

export type ChangeEmailState = FormState<{ newEmail: string }, { newEmail: string }>;

export async function changeEmailAction(tenant: string, _previous: ChangeEmailState, formData: FormData): Promise<ChangeEmailState> {
  const values = { newEmail: formText(formData, "newEmail") };
  try {
    const caller = await getCaller(tenant);
    await caller.email.requestChange({ currentPassword: formText(formData, "currentPassword", { trim: false }), newEmail: values.newEmail });
    return { status: "done", result: { newEmail: values.newEmail } };
  } catch (error) {
    return { status: "error", error: toFormError(error), values };
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
