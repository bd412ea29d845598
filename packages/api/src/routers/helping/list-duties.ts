import { z } from "zod";
import { findContactDuties } from "@rekey/core";
import { sessionProcedure } from "../../trpc";

const person = z.object({ name: z.string(), email: z.string() });

/** A contact's page: invitations, whose contact they are, and requests for help. Nothing else of anyone's account. */
export const listDuties = sessionProcedure
  .output(
    z.object({
      invitations: z.array(z.object({ contactId: z.string(), owner: person, invitedAt: z.date(), expiresAt: z.date() })),
      helping: z.array(z.object({ contactId: z.string(), owner: person, acceptedAt: z.date(), usableFrom: z.date() })),
      requests: z.array(
        z.object({
          recoveryId: z.string(),
          contactId: z.string(),
          owner: person,
          startedAt: z.date(),
          state: z.enum(["asked", "code-shown", "code-used"]),
          codeExpiresAt: z.date().nullable(),
        }),
      ),
    }),
  )
  .query(({ ctx }) => findContactDuties({ db: ctx.db, tenant: ctx.tenant, userId: ctx.session.userId }));
