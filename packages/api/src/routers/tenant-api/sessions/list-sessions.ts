import { z } from "zod";
import { findUserSessions } from "@rekey/core";
import { scopedProcedure } from "../../../tenant-trpc";
import { userIdInput } from "../tenant-api-schemas";

// Picked field by field: no token, no hash, no IP address.
const sessionOutput = z.object({
  id: z.string(),
  createdAt: z.date(),
  lastSeenAt: z.date(),
  expiresAt: z.date(),
  idleExpiresAt: z.date(),
  methods: z.array(z.string()),
  level: z.enum(["password", "two_factor", "passkey", "recovery"]),
  device: z.object({ label: z.string(), browser: z.string(), os: z.string(), type: z.string() }),
});

/** The account's live sessions, most recently used first. */
export const listSessions = scopedProcedure("sessions:read")
  .input(z.object({ userId: userIdInput }))
  .output(z.object({ sessions: z.array(sessionOutput) }))
  .query(async ({ ctx, input }) => ({ sessions: await findUserSessions({ db: ctx.db, tenant: ctx.tenant, userId: input.userId }) }));
