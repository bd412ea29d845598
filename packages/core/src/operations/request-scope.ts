import { AsyncLocalStorage } from "node:async_hooks";

// What the server knows about the request being handled, wherever the code runs: its id (on every
// log line) and whether a dependency was found unavailable while answering it (so a page that
// failed for that answers 503, not 500). One AsyncLocalStorage per process, kept on globalThis:
// Next's bundle holds a second copy of core, and its code must see the scope server.ts opened.
// No dependencies, so Next's bundle can import it.

type RequestScope = { requestId: string; unavailable: boolean };

const key = Symbol.for("rekey.requestScope");
const globals = globalThis as Record<symbol, unknown>;
const scope = (globals[key] as AsyncLocalStorage<RequestScope> | undefined) ?? new AsyncLocalStorage<RequestScope>();
globals[key] = scope;

/** Runs `handle` as the request `requestId`: every log line it writes, however deep, carries the id. */
export function withRequestId<T>(requestId: string, handle: () => T): T {
  return scope.run({ requestId, unavailable: false }, handle);
}

export function currentRequestId(): string | undefined {
  return scope.getStore()?.requestId;
}

/** Notes that the request met a dependency that is down (the database); see requestMetUnavailable. */
export function noteUnavailable(): void {
  const store = scope.getStore();
  if (store) store.unavailable = true;
}

/** Whether the request being handled met a dependency that is down. */
export function requestMetUnavailable(): boolean {
  return scope.getStore()?.unavailable ?? false;
}
