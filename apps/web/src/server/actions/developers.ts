"use server";

import type { AppRouter } from "@rekey/api";
import type { inferRouterInputs } from "@trpc/server";
import type { ActionResult } from "@/lib/form-state";
import { runAction } from "./action-result";

// The Developers page of the support dashboard, for a tenant's admins. Every change needs a fresh
// step-up (S12): the api answers STEP_UP_REQUIRED and the page sends the admin to "confirm it's
// you" and back to the same organisation.

type Inputs = inferRouterInputs<AppRouter>["developers"];

/** Answers the new key: the only time it leaves the server (S29). */
export async function createApiKeyAction(
  tenant: string,
  input: Inputs["createKey"],
): Promise<ActionResult<{ key: string; name: string; prefix: string }>> {
  return runAction(
    tenant,
    async (caller) => {
      const created = await caller.developers.createKey(input);
      return { key: created.key, name: created.apiKey.name, prefix: created.apiKey.prefix };
    },
    { refreshPage: true },
  );
}

export async function revokeApiKeyAction(tenant: string, input: Inputs["revokeKey"]): Promise<ActionResult<{ revokedAt: Date }>> {
  return runAction(tenant, async (caller) => ({ revokedAt: (await caller.developers.revokeKey(input)).revokedAt }), { refreshPage: true });
}

export async function setReturnOriginsAction(tenant: string, input: Inputs["setReturnOrigins"]): Promise<ActionResult<{ origins: string[] }>> {
  return runAction(tenant, (caller) => caller.developers.setReturnOrigins(input), { refreshPage: true });
}

/** Answers the endpoint's signing secret: the only time it leaves the server. */
export async function createWebhookEndpointAction(tenant: string, input: Inputs["createEndpoint"]): Promise<ActionResult<{ secret: string; url: string }>> {
  return runAction(
    tenant,
    async (caller) => {
      const created = await caller.developers.createEndpoint(input);
      return { secret: created.secret, url: created.endpoint.url };
    },
    { refreshPage: true },
  );
}

export async function setWebhookEndpointEnabledAction(
  tenant: string,
  input: { tenantId: string; endpointId: string; enabled: boolean },
): Promise<ActionResult<{ enabled: boolean }>> {
  return runAction(tenant, async (caller) => ({ enabled: (await caller.developers.updateEndpoint(input)).enabled }), { refreshPage: true });
}

/** Answers the new signing secret, once, and until when the old one still signs. */
export async function rotateWebhookSecretAction(tenant: string, input: Inputs["rotateEndpointSecret"]): Promise<ActionResult<{ secret: string; previousSecretUntil: Date }>> {
  return runAction(tenant, (caller) => caller.developers.rotateEndpointSecret(input), { refreshPage: true });
}

export async function deleteWebhookEndpointAction(tenant: string, input: Inputs["deleteEndpoint"]): Promise<ActionResult<{ deletedAt: Date }>> {
  return runAction(tenant, async (caller) => ({ deletedAt: (await caller.developers.deleteEndpoint(input)).deletedAt }), { refreshPage: true });
}

export async function redeliverWebhookAction(tenant: string, input: Inputs["redeliver"]): Promise<ActionResult<{ nextAttemptAt: Date }>> {
  return runAction(tenant, async (caller) => ({ nextAttemptAt: (await caller.developers.redeliver(input)).nextAttemptAt }), { refreshPage: true });
}
