"use client";

import { useEffect, useState } from "react";
import { DEFAULT_TENANT, isTenantSlug, TENANT_PATH_PREFIX, tenantHref } from "@/lib/tenant-href";
import { TextLink } from "./ui";

/**
 * "Go to your account" on a page that has no tenant of its own (the missing page, which gets no
 * route parameters): the account page of the tenant whose address was asked for, read from the
 * browser's address once the page runs (Next's own pathname is the not-found page's).
 */
export function AccountHomeLink() {
  const [tenant, setTenant] = useState(DEFAULT_TENANT);
  useEffect(() => {
    const slug = TENANT_PATH_PREFIX.exec(window.location.pathname)?.[1];
    if (slug && isTenantSlug(slug)) setTenant(slug);
  }, []);
  return <TextLink href={tenantHref(tenant, "/")}>Go to your account</TextLink>;
}
