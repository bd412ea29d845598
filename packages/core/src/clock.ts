/**
 * Where core reads the time for rules that run over days (cooling-off, waiting periods, expiry).
 * Callers pass a clock so tests move time instead of sleeping; production uses the system's.
 * The database's own now() is not used for these rules, so a test clock governs them fully.
 */
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

export const minutes = (count: number) => count * 60_000;
export const hours = (count: number) => count * 60 * 60_000;
export const days = (count: number) => hours(count * 24);
