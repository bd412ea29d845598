"use server";

import type { ActionResult } from "@/lib/form-state";
import { tenantHref } from "@/lib/tenant-href";
import { getCaller } from "../caller";
import { runAction } from "./action-result";

// Support-staff administration. Every change here needs a fresh step-up (S12): the api answers
// STEP_UP_REQUIRED and the page sends the admin to "confirm it's you" and back.

type Role = "agent" | "lead" | "admin";

/**
 * Where a sign-in without a chosen destination lands: the support dashboard for a staff member
 * whose session opens it, else the account page. A staff member whose dashboard stays closed (no
 * second factor yet) lands on the account page, whose "Support dashboard" link says why.
 */
export async function landingAfterSignInAction(tenant: string): Promise<string> {
  const home = tenantHref(tenant, "/");
  try {
    const me = await (await getCaller(tenant)).staff.me();
    return me.gate === "ok" ? tenantHref(tenant, "/staff") : home;
  } catch {
    // A session that still owes a step (SETUP_REQUIRED) or any hiccup: the account page sorts it out.
    return home;
  }
}

export async function grantStaffAction(tenant: string, input: { tenantId: string; email: string; role: Role; reason: string }): Promise<ActionResult<{ memberId: string }>> {
  return runAction(tenant, async (caller) => ({ memberId: (await caller.staff.grant(input)).memberId }), { refreshPage: true });
}

export async function setStaffRoleAction(tenant: string, input: { memberId: string; role: Role; reason: string }): Promise<ActionResult<{ changed: boolean }>> {
  return runAction(tenant, async (caller) => ({ changed: (await caller.staff.setRole(input)).changed }), { refreshPage: true });
}

export async function removeStaffAction(tenant: string, input: { memberId: string; reason: string }): Promise<ActionResult<{ status: "removed" }>> {
  return runAction(tenant, async (caller) => ({ status: (await caller.staff.removeMember(input)).status }), { refreshPage: true });
}

export async function setHighValueAction(tenant: string, input: { userId: string; highValue: boolean; reason: string }): Promise<ActionResult<{ highValue: boolean }>> {
  return runAction(tenant, async (caller) => ({ highValue: (await caller.staff.setHighValue(input)).highValue }), { refreshPage: true });
}

export async function updateSupportPolicyAction(
  tenant: string,
  input: { tenantId: string; waitingHours: number; secondApprover: "always" | "risky"; questions: string[]; reason: string },
): Promise<ActionResult<{ saved: true }>> {
  return runAction(
    tenant,
    async (caller) => {
      await caller.staff.updatePolicy(input);
      return { saved: true as const };
    },
    { refreshPage: true },
  );
}
