export { appRouter, createCaller, type AppRouter } from "./router";
export { createContext, type Context, type CreateContextOptions } from "./context";
export { appErrorFromTrpc, trpcCodeFor, type AppErrorInfo } from "./errors";
// server.ts checks the configuration core reads before it listens (it throws with every problem).
export { env as checkCoreConfiguration } from "@rekey/core/env";
export { answerCalls, type HttpAnswer, type HttpCall, type ProcedureKind } from "./http/answer-calls";
export { tenantRouter, createTenantCaller, type TenantRouter } from "./tenant-router";
export { createTenantContext, type TenantContext, type CreateTenantContextOptions } from "./tenant-context";
// The security page shows the same recovery readiness the tenant API answers (one rule, in core).
export { factorKind, recoveryReadiness } from "@rekey/core";
