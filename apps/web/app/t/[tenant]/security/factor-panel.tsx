"use client";

import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { FormField } from "@/components/form-field";
import type { FormError } from "@/lib/form-state";
import { tenantHref } from "@/lib/tenant-href";
import type { FactorActivation } from "@/server/actions/factors";

// What the security page's "add a method" forms (add-web-authn, add-totp, add-phone) share.

/**
 * After a method was verified: the account's first one waits for its recovery codes (S21), so the
 * person goes on to save them; a further one is on at once. Answers whether it is on.
 */
export function useAfterActivation(tenant: string) {
  const router = useRouter();
  return (activation: FactorActivation): boolean => {
    if (activation.status === "active") return true;
    router.push(tenantHref(tenant, "/recovery-codes/setup"));
    return false;
  };
}

export function Panel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="space-y-4 rounded-lg p-4 ring-1 ring-slate-200">
      <h3 className="font-semibold">{title}</h3>
      {children}
    </div>
  );
}

/** The code that proves a new app or phone works; the form's error is about it (a refused code). */
export function ActivationCodeField({ id, error, errorId }: { id: string; error: FormError | null; errorId: string }) {
  return (
    <FormField
      id={id}
      name="code"
      label="Code"
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={12}
      required
      formError={error}
      errorId={errorId}
      invalidOnError
    />
  );
}
