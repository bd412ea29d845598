// Security events written by this process, by type, for the metrics (metrics.ts reads them). A
// plain map on globalThis with no dependency: the audit trail is written from Next's bundle as
// well as from server.ts's modules, two copies of core in one process, and both must count into
// the one map the metrics port serves.

const key = Symbol.for("rekey.securityEventCounts");
const counts: Map<string, number> = ((globalThis as Record<symbol, unknown>)[key] as Map<string, number> | undefined) ?? new Map();
(globalThis as Record<symbol, unknown>)[key] = counts;

export function countSecurityEvent(type: string): void {
  counts.set(type, (counts.get(type) ?? 0) + 1);
}

export function securityEventCounts(): ReadonlyMap<string, number> {
  return counts;
}
