"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { DEFAULT_TENANT, isTenantSlug, tenantHref } from "@/lib/tenant-href";

/**
 * "Go to your account" on a page that has no tenant of its own (a missing page, one static page
 * for every address): the account page of the tenant whose address was asked for, read from the
 * browser's address once the page runs (Next's own pathname is the not-found page's).
 */
export function AccountHomeLink({ className }: { className?: string }) {
  const [tenant, setTenant] = useState(DEFAULT_TENANT);
  useEffect(() => {
    const slug = /^\/t\/([^/?#]+)/.exec(window.location.pathname)?.[1];
    if (slug && isTenantSlug(slug)) setTenant(slug);
  }, []);
  return (
    <Link href={tenantHref(tenant, "/")} className={className}>
      Go to your account
    </Link>
  );
}
