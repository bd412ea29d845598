"use server";

import type { FormError } from "@/lib/form-state";
import { actionFailure, getCaller } from "../caller";

export type ActivityEvent = { id: string; type: string; description: string; ip: string; device: string; createdAt: Date };
export type ActivityPage = { status: "done"; events: ActivityEvent[]; nextCursor: string | null } | { status: "error"; error: FormError };

export async function loadActivityAction(tenant: string, cursor: string): Promise<ActivityPage> {
  try {
    const caller = await getCaller(tenant);
    const page = await caller.activity.list({ cursor });
    return { status: "done", events: page.events, nextCursor: page.nextCursor };
  } catch (error) {
    return { status: "error", error: await actionFailure(tenant, error) };
  }
}
