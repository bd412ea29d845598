import { describe, expect, it } from "vitest";
import { appRouter } from "../src";
import { type Desks, developerDesks, developerState, publicWebhookUrl } from "./developers-fixtures";
import { ageStaffSession, type TestStaff } from "./staff-fixtures";
import { errorCodeOf } from "./support";
import { trpcFailureOf } from "./trusted-contacts-fixtures";

// S28: the Developers page is for a tenant's admins. An agent or a lead of the tenant, and an admin
// of another tenant, get exactly the answer an organisation that does not exist gets, from every
// procedure, and change nothing.

type Untyped = (input: unknown) => Promise<unknown>;
type Developers = TestStaff["caller"]["developers"];

const missingTenant = "tnt_doesnotexist";

/** Every developers procedure with an input aimed at tenant A (`tenantId` replaced to probe). */
const cases: Record<string, { call: (d: Developers) => Untyped; input: (desks: Desks, tenantId: string) => unknown }> = {
  keys: { call: (d) => d.keys as Untyped, input: (_, tenantId) => ({ tenantId }) },
  createKey: { call: (d) => d.createKey as Untyped, input: (_, tenantId) => ({ tenantId, name: "Sneaky key", environment: "live", scopes: ["users:write"] }) },
  revokeKey: { call: (d) => d.revokeKey as Untyped, input: (desks, tenantId) => ({ tenantId, apiKeyId: desks.keyA.apiKeyId }) },
  endpoints: { call: (d) => d.endpoints as Untyped, input: (_, tenantId) => ({ tenantId }) },
  createEndpoint: { call: (d) => d.createEndpoint as Untyped, input: (_, tenantId) => ({ tenantId, url: publicWebhookUrl, eventTypes: [] }) },
  updateEndpoint: { call: (d) => d.updateEndpoint as Untyped, input: (desks, tenantId) => ({ tenantId, endpointId: desks.endpointA.endpointId, enabled: false }) },
  rotateEndpointSecret: { call: (d) => d.rotateEndpointSecret as Untyped, input: (desks, tenantId) => ({ tenantId, endpointId: desks.endpointA.endpointId }) },
  deleteEndpoint: { call: (d) => d.deleteEndpoint as Untyped, input: (desks, tenantId) => ({ tenantId, endpointId: desks.endpointA.endpointId }) },
  deliveries: { call: (d) => d.deliveries as Untyped, input: (desks, tenantId) => ({ tenantId, endpointId: desks.endpointA.endpointId }) },
  redeliver: { call: (d) => d.redeliver as Untyped, input: (desks, tenantId) => ({ tenantId, deliveryId: desks.endpointA.deliveryId }) },
  returnOrigins: { call: (d) => d.returnOrigins as Untyped, input: (_, tenantId) => ({ tenantId }) },
  setReturnOrigins: { call: (d) => d.setReturnOrigins as Untyped, input: (_, tenantId) => ({ tenantId, origins: ["https://app.example.com"] }) },
};

/** The changes: each needs a fresh step-up (S12). Redelivering changes no setting and needs none. */
const stepUpProcedures = ["createKey", "revokeKey", "createEndpoint", "updateEndpoint", "rotateEndpointSecret", "deleteEndpoint", "setReturnOrigins"];

const developerProcedures = Object.keys(appRouter._def.procedures)
  .filter((path) => path.startsWith("developers."))
  .map((path) => path.slice("developers.".length));

describe("the developers procedures", () => {
  it("each have a case here, so a new one cannot skip the checks below", () => {
    expect(developerProcedures.length).toBeGreaterThan(0);
    expect(developerProcedures.toSorted()).toEqual(Object.keys(cases).toSorted());
  });
});

describe.each(Object.keys(cases))("developers.%s", (name) => {
  const { call, input } = cases[name]!;

  it("answers an agent, a lead and another tenant's admin as if the organisation did not exist, and changes nothing", async () => {
    const desks = await developerDesks();
    const before = await developerState(desks.tenantA.id);
    const missing = await trpcFailureOf(call(desks.adminB.caller.developers)(input(desks, missingTenant)));
    expect(missing?.appCode).toBe("NOT_FOUND");
    for (const outsider of [desks.agentA, desks.leadA, desks.adminB]) {
      expect(await trpcFailureOf(call(outsider.caller.developers)(input(desks, desks.tenantA.id)))).toEqual(missing);
    }
    expect(await developerState(desks.tenantA.id)).toEqual(before);
  });

  it("works for the tenant's admin", async () => {
    const desks = await developerDesks();
    await expect(call(desks.adminA.caller.developers)(input(desks, desks.tenantA.id))).resolves.toBeDefined();
  });
});

describe("an admin whose sign-in is older than the step-up window (S12)", () => {
  it.each(stepUpProcedures)("must confirm it's them before %s, and nothing changes", async (name) => {
    const desks = await developerDesks();
    await ageStaffSession(desks.adminA.sessionId, 24 * 60);
    const before = await developerState(desks.tenantA.id);
    const { call, input } = cases[name]!;
    expect(await errorCodeOf(call(desks.adminA.caller.developers)(input(desks, desks.tenantA.id)))).toBe("STEP_UP_REQUIRED");
    expect(await developerState(desks.tenantA.id)).toEqual(before);
    // Reading needs no step-up: the page still shows what there is.
    expect((await desks.adminA.caller.developers.keys({ tenantId: desks.tenantA.id })).keys).toHaveLength(1);
    expect((await desks.adminA.caller.developers.endpoints({ tenantId: desks.tenantA.id })).endpoints).toHaveLength(1);
  });
});
