import { z } from "zod";
import { findSessions } from "@rekey/core";
import { sessionProcedure } from "../../trpc";

export const listDevices = sessionProcedure
  .output(
    z.array(
      z.object({
        id: z.string(),
        browser: z.string(),
        os: z.string(),
        deviceType: z.string(),
        ip: z.string(),
        createdAt: z.date(),
        lastSeenAt: z.date(),
        /** How the session was signed in: "password", "totp", "passkey", ... */
        methods: z.array(z.string()),
        isCurrent: z.boolean(),
      }),
    ),
  )
  .query(({ ctx }) =>
    findSessions({ db: ctx.db, tenantId: ctx.tenant.id, userId: ctx.session.userId, currentSessionId: ctx.session.sessionId, policy: ctx.tenant.policy }),
  );
