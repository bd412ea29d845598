import { initTRPC, type TRPCError } from "@trpc/server";
import superjson from "superjson";
import { AppError, checkStaffSession, getTenantBySlug, staffGateMessages, requireRecentAuthentication, sessionRestriction, toAppError, verifySession } from "@rekey/core";
import type { Context } from "./context";
import { errorFormatter, trpcErrorFrom } from "./errors";

/**
 * `duringSetup`: the procedure stays open to a session that still owes a step (a required second
 * factor, or new recovery codes after the last was used; core's session-restriction.ts), because
 * it is part of that step or harmless (reading the session, signing out).
 */
export type Meta = { duringSetup?: boolean };

const t = initTRPC.context<Context>().meta<Meta>().create({ transformer: superjson, errorFormatter });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Turns domain errors (and infrastructure faults) thrown below into their mapped tRPC errors. */
const mapDomainErrors = t.middleware(async ({ next }) => rethrowDomainError(await next()));

/** A failed result whose cause is a domain error (or a known fault) becomes that error's tRPC error. */
export function rethrowDomainError<Result extends { ok: boolean; error?: TRPCError }>(result: Result): Result {
  if (!result.ok && result.error) {
    const cause = result.error.cause ?? result.error;
    const appError = result.error.code === "INTERNAL_SERVER_ERROR" ? toAppError(cause) : null;
    if (appError) throw trpcErrorFrom(appError);
  }
  return result;
}

export const publicProcedure = t.procedure.use(mapDomainErrors);

/** The tenant named by the page's URL. An unknown slug is NOT_FOUND. */
export const tenantProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const tenant = await getTenantBySlug({ db: ctx.db, slug: ctx.tenantSlug });
  return next({ ctx: { tenant } });
});

/** The caller's session in this tenant, or null; for pages that work signed in or out. */
export const optionalSessionProcedure = tenantProcedure.use(async ({ ctx, next }) => {
  const session = ctx.sessionToken
    ? await verifySession({ db: ctx.db, tenantId: ctx.tenant.id, policy: ctx.tenant.policy, token: ctx.sessionToken })
    : null;
  return next({ ctx: { session } });
});

const setupMessages = {
  "enrol-second-factor": "Your organisation requires two-step verification. Add a method to finish setting up your account.",
  "save-recovery-codes": "You used your last recovery code. Save a new set before you continue.",
} as const;

/**
 * A live session of this tenant is required (S10, S11: checked against the database every time).
 * A session that still owes a step may only call procedures marked `duringSetup`.
 */
export const sessionProcedure = optionalSessionProcedure.use(async ({ ctx, meta, next }) => {
  if (!ctx.session) throw new AppError("UNAUTHENTICATED", "Please sign in.");
  const restriction = sessionRestriction(ctx.session, ctx.tenant.policy);
  if (restriction && !meta?.duringSetup) {
    const message = ctx.session.secondFactorDue
      ? "Your account was recovered. Add a new two-step verification method and save new recovery codes to finish."
      : setupMessages[restriction];
    throw new AppError("SETUP_REQUIRED", message, { details: [restriction] });
  }
  return next({ ctx: { session: ctx.session, restriction } });
});

/** Sensitive changes (S12): the session must have signed in or stepped up within the tenant's window. */
export const stepUpProcedure = sessionProcedure.use(async ({ ctx, next }) => {
  requireRecentAuthentication({ session: ctx.session, policy: ctx.tenant.policy });
  return next();
});

/**
 * The support dashboard: a staff role in at least one tenant, a passkey, security key or
 * authenticator app used for this session, and the staff idle limit (core's staff-access.ts).
 * Which tenant's rows a staff member may touch is checked per object in core, with the same
 * not-found answer as for a missing row (S28). The session's tenant is the staff member's own.
 */
export const staffProcedure = sessionProcedure.use(async ({ ctx, next }) => {
  const gate = await checkStaffSession(ctx.db, ctx.session);
  if (!gate.ok) {
    throw new AppError(gate.reason === "not-staff" ? "NOT_FOUND" : "FORBIDDEN", staffGateMessages[gate.reason], { details: [gate.reason] });
  }
  return next({ ctx: { staff: gate.staff } });
});

/** Approve, deny, role changes: the staff member confirmed it's them within the step-up window (S12). */
export const staffStepUpProcedure = staffProcedure.use(async ({ ctx, next }) => {
  requireRecentAuthentication({ session: ctx.session, policy: ctx.tenant.policy });
  return next();
});
