"use server";

import { redirect } from "next/navigation";
import type { FormError, FormState } from "@/lib/form-state";
import { tenantHref } from "@/lib/tenant-href";
import { getCaller } from "../caller";
import { toFormError } from "../errors";
import { formText } from "../form-data";

export type SignUpState = FormState<true, { name: string; email: string }>;

export async function signUpAction(tenant: string, _previous: SignUpState, formData: FormData): Promise<SignUpState> {
  const values = { name: formText(formData, "name"), email: formText(formData, "email") };
  try {
    const caller = await getCaller(tenant);
    await caller.account.signUp({ ...values, password: formText(formData, "password", { trim: false }) });
  } catch (error) {
    return { status: "error", error: toFormError(error), values };
  }
  redirect(tenantHref(tenant, "/check-your-email?for=sign-up"));
}

export type ResendState = FormState<true, { email: string }>;

export async function resendVerificationAction(tenant: string, _previous: ResendState, formData: FormData): Promise<ResendState> {
  const values = { email: formText(formData, "email") };
  try {
    const caller = await getCaller(tenant);
    await caller.account.resendVerification(values);
  } catch (error) {
    return { status: "error", error: toFormError(error), values };
  }
  return { status: "done", result: true, values };
}

export type TokenResult<T> = { status: "done"; result: T } | { status: "error"; error: FormError };

export async function verifyEmailAction(tenant: string, token: string): Promise<TokenResult<{ email: string }>> {
  try {
    const caller = await getCaller(tenant);
    return { status: "done", result: await caller.account.verifyEmail({ token }) };
  } catch (error) {
    return { status: "error", error: toFormError(error) };
  }
}

export type PasswordCheck = {
  acceptable: boolean;
  score: 0 | 1 | 2 | 3 | 4;
  warning: string | null;
  suggestions: string[];
};

/** For the live strength meter. Answers null when the check itself failed (the form still works). */
export async function checkPasswordAction(
  tenant: string,
  input: { password: string; email?: string; name?: string },
): Promise<PasswordCheck | null> {
  try {
    const caller = await getCaller(tenant);
    const { acceptable, score, warning, suggestions } = await caller.account.checkPassword({
      password: input.password,
      ...(input.email ? { email: input.email } : {}),
      ...(input.name ? { name: input.name } : {}),
    });
    return { acceptable, score, warning, suggestions };
  } catch (error) {
    toFormError(error);
    return null;
  }
}
