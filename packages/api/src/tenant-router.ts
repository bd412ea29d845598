import { createTenantCallerFactory, tenantApiRouter } from "./tenant-trpc";
import { verifySession } from "./routers/tenant-api/sessions/verify-session";

export const tenantRouter = tenantApiRouter({
  sessions: tenantApiRouter({ verify: verifySession }),
});

export type TenantRouter = typeof tenantRouter;

export const createTenantCaller = createTenantCallerFactory(tenantRouter);
