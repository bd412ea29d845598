"use client";

import { SessionProvider, signIn } from "next-auth/react";
import type { ReactNode } from "react";
import type { FormError } from "@/lib/form-state";
import { readSignInError, somethingWentWrong } from "@/lib/sign-in-error";
import { authBasePath } from "@/lib/tenant-href";

/**
 * next-auth's client, talking to the tenant's own /api/auth (see proxy.ts). `session={null}`
 * stops it from fetching a session on mount.
 */
export function TenantAuth({ tenant, children }: { tenant: string; children: ReactNode }) {
  return (
    <SessionProvider basePath={authBasePath(tenant)} session={null} refetchOnWindowFocus={false}>
      {children}
    </SessionProvider>
  );
}

export type AuthProvider = "credentials" | "challenge" | "passkey" | "step-up" | "contact-recovery" | "support-recovery";

/**
 * Posts to one of the providers in auth-options.ts without leaving the page. Answers null when
 * the session cookie was set (the caller then loads the next page), or the error to show.
 */
export async function signInWith(provider: AuthProvider, fields: Record<string, string>, callbackUrl: string): Promise<FormError | null> {
  try {
    const response = await signIn(provider, { redirect: false, callbackUrl, ...fields });
    if (response?.ok && !response.error) return null;
    return readSignInError(response?.error);
  } catch {
    return somethingWentWrong;
  }
}
