import "server-only";
import { refresh } from "next/cache";
import type { ActionResult } from "@/lib/form-state";
import { actionFailure, type Caller, getCaller } from "../caller";

/**
 * Runs one api call for a server action called from script, as this request's browser, and
 * answers its value or the form error to show. `refreshPage` re-renders the page after a change.
 */
export async function runAction<T>(tenant: string, call: (caller: Caller) => Promise<T>, { refreshPage = false } = {}): Promise<ActionResult<T>> {
  try {
    const value = await call(await getCaller(tenant));
    if (refreshPage) refresh();
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: await actionFailure(tenant, error) };
  }
}
