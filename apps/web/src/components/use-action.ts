"use client";

import { useState } from "react";
import type { ActionResult, FormError } from "@/lib/form-state";
import { tenantHref } from "@/lib/tenant-href";

/**
 * Runs an action; a change that needs a fresh step-up (S12) sends the person to "confirm it's
 * you", which brings them back here. Answers the value, or null after showing the error.
 */
export function useAction(tenant: string, returnPath = "/security") {
  const [error, setError] = useState<FormError | null>(null);
  const [pending, setPending] = useState(false);
  async function run<T>(call: () => Promise<ActionResult<T>>): Promise<T | null> {
    setPending(true);
    setError(null);
    const result = await call();
    if (result.ok) {
      setPending(false);
      return result.value;
    }
    if (result.error.code === "STEP_UP_REQUIRED") {
      window.location.assign(tenantHref(tenant, `/confirm?next=${encodeURIComponent(returnPath)}`));
      return null;
    }
    setError(result.error);
    setPending(false);
    return null;
  }
  return { error, setError, pending, run };
}
