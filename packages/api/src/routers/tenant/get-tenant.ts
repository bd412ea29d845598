import { z } from "zod";
import { defaultTenantSlug } from "@rekey/core";
import { tenantProcedure } from "../../trpc";

export const getTenant = tenantProcedure
  .output(z.object({ slug: z.string(), name: z.string(), isDefault: z.boolean(), contactsEnabled: z.boolean() }))
  .query(({ ctx }) => ({
    slug: ctx.tenant.slug,
    name: ctx.tenant.name,
    isDefault: ctx.tenant.slug === defaultTenantSlug,
    contactsEnabled: ctx.tenant.policy.contacts.enabled,
  }));
