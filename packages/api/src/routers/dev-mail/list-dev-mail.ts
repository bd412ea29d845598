import { z } from "zod";
import { findDevMailbox } from "@rekey/core";
import { publicProcedure } from "../../trpc";

// Development only: core refuses unless REKEY_DEV_MAILBOX is on (and refuses that in production).
export const listDevMail = publicProcedure
  .output(
    z.array(
      z.object({
        id: z.string(),
        channel: z.enum(["email", "sms"]),
        to: z.string(),
        subject: z.string(),
        text: z.string(),
        html: z.string().nullable(),
        status: z.string(),
        createdAt: z.date(),
      }),
    ),
  )
  .query(({ ctx }) => findDevMailbox({ db: ctx.db, limit: 100 }));
