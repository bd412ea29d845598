export { appRouter, createCaller, type AppRouter } from "./router";
export { createContext, type Context, type CreateContextOptions } from "./context";
export { appErrorFromTrpc, trpcCodeFor, type AppErrorInfo } from "./errors";
