import { z } from "zod";
import { findTrustedContacts } from "@rekey/core";
import { sessionProcedure } from "../../trpc";

export const contactOutput = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  state: z.enum(["invited", "invitation-expired", "cooling-off", "usable"]),
  invitedAt: z.date(),
  inviteExpiresAt: z.date(),
  acceptedAt: z.date().nullable(),
  usableFrom: z.date().nullable(),
});

/** The owner's trusted contacts, where each stands, and how many a recovery needs. */
export const listContacts = sessionProcedure
  .output(
    z.object({
      enabled: z.boolean(),
      contacts: z.array(contactOutput),
      usableCount: z.number().int(),
      threshold: z.number().int(),
      minThreshold: z.number().int(),
      max: z.number().int(),
      coolingOffDays: z.number().int(),
      waitingHours: z.number().int(),
      frozenUntil: z.date().nullable(),
    }),
  )
  .query(({ ctx }) => findTrustedContacts({ db: ctx.db, tenant: ctx.tenant, ownerId: ctx.session.userId }));
