import { z } from "zod";
import { createApiKey } from "@rekey/core";
import { staffStepUpProcedure } from "../../trpc";
import { apiKeyEnvironmentInput, apiKeyNameInput, apiKeyOutput, apiKeyScopesInput, tenantIdInput } from "./developer-schemas";

/**
 * Makes a tenant API key; admins of the tenant, after a fresh step-up (S12). The key is in this
 * answer only: core keeps its hash (S29), and no other procedure has a field for it.
 */
export const createKey = staffStepUpProcedure
  .input(
    z.object({
      tenantId: tenantIdInput,
      name: apiKeyNameInput,
      environment: apiKeyEnvironmentInput,
      scopes: apiKeyScopesInput,
      expiresAt: z.date({ error: "Choose an expiry date, or none." }).nullable().optional(),
    }),
  )
  .output(z.object({ key: z.string(), apiKey: apiKeyOutput }))
  .mutation(({ ctx, input }) =>
    createApiKey({
      db: ctx.db,
      staff: ctx.staff,
      tenantId: input.tenantId,
      name: input.name,
      environment: input.environment,
      scopes: input.scopes,
      expiresAt: input.expiresAt ?? null,
      context: ctx.request,
    }),
  );
