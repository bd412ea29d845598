import { createTenantCallerFactory, tenantApiRouter } from "./tenant-trpc";
import { verifySession } from "./routers/tenant-api/sessions/verify-session";
import { exchangeSession } from "./routers/tenant-api/sessions/exchange-session";
import { listSessions } from "./routers/tenant-api/sessions/list-sessions";
import { revokeSession } from "./routers/tenant-api/sessions/revoke-session";
import { revokeAllSessions } from "./routers/tenant-api/sessions/revoke-all-sessions";
import { getUser } from "./routers/tenant-api/users/get-user";
import { listUsers } from "./routers/tenant-api/users/list-users";
import { createUser } from "./routers/tenant-api/users/create-user";
import { disableUser } from "./routers/tenant-api/users/disable-user";
import { enableUser } from "./routers/tenant-api/users/enable-user";
import { securityStatus } from "./routers/tenant-api/users/security-status";
import { generateRecoveryCodes } from "./routers/tenant-api/recovery-codes/generate-recovery-codes";
import { listEvents } from "./routers/tenant-api/events/list-events";
import { listEndpoints } from "./routers/tenant-api/webhooks/list-endpoints";
import { createEndpoint } from "./routers/tenant-api/webhooks/create-endpoint";
import { updateEndpoint } from "./routers/tenant-api/webhooks/update-endpoint";
import { rotateSecret } from "./routers/tenant-api/webhooks/rotate-secret";
import { deleteEndpoint } from "./routers/tenant-api/webhooks/delete-endpoint";
import { listDeliveries } from "./routers/tenant-api/webhooks/list-deliveries";
import { redeliver } from "./routers/tenant-api/webhooks/redeliver";

export const tenantRouter = tenantApiRouter({
  sessions: tenantApiRouter({ verify: verifySession, exchange: exchangeSession, list: listSessions, revoke: revokeSession, revokeAll: revokeAllSessions }),
  users: tenantApiRouter({ get: getUser, list: listUsers, create: createUser, disable: disableUser, enable: enableUser, securityStatus }),
  recoveryCodes: tenantApiRouter({ generate: generateRecoveryCodes }),
  events: tenantApiRouter({ list: listEvents }),
  webhooks: tenantApiRouter({
    list: listEndpoints,
    create: createEndpoint,
    update: updateEndpoint,
    rotateSecret,
    delete: deleteEndpoint,
    deliveries: listDeliveries,
    redeliver,
  }),
});

export type TenantRouter = typeof tenantRouter;

export const createTenantCaller = createTenantCallerFactory(tenantRouter);
