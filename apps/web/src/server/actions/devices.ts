"use server";

import { refresh } from "next/cache";
import type { FormState } from "@/lib/form-state";
import { actionFailure, getCaller } from "../caller";
import { formText } from "../form-data";

export type RevokeDeviceState = FormState<true>;

export async function revokeDeviceAction(tenant: string, _previous: RevokeDeviceState, formData: FormData): Promise<RevokeDeviceState> {
  try {
    const caller = await getCaller(tenant);
    await caller.devices.revoke({ sessionId: formText(formData, "sessionId") });
  } catch (error) {
    return { status: "error", error: await actionFailure(tenant, error) };
  }
  refresh();
  return { status: "done", result: true };
}

export type RevokeOthersState = FormState<{ count: number }>;

export async function revokeOtherDevicesAction(tenant: string, _previous: RevokeOthersState, _formData: FormData): Promise<RevokeOthersState> {
  try {
    const caller = await getCaller(tenant);
    const { count } = await caller.devices.revokeOthers();
    refresh();
    return { status: "done", result: { count } };
  } catch (error) {
    return { status: "error", error: await actionFailure(tenant, error) };
  }
}
