import { z } from "zod";
import { accountPageSize } from "@rekey/core";

// Inputs and outputs shared by the tenant API's procedures (S30: every input bounded and shaped,
// with a message a developer can act on). Ids are checked by their prefix and shape, so a session
// id sent as a user id is a 400 that says so, not a 404.

const idOf = (prefix: string, what: string) =>
  z
    .string({ error: `Send the ${what} id (${prefix}_...).` })
    .regex(new RegExp(`^${prefix}_[A-Za-z0-9_-]{22}$`), `That is not a ${what} id: it starts with ${prefix}_ followed by 22 letters, digits, - or _.`);

export const userIdInput = idOf("usr", "user");
export const sessionIdInput = idOf("ses", "session");

export const emailInput = z
  .string({ error: "Send the email address." })
  .trim()
  .max(254, "That email address is too long (254 characters at most).")
  .email("That is not a valid email address.");
export const nameInput = z
  .string({ error: "Send the person's name." })
  .trim()
  .min(1, "Send the person's name.")
  .max(100, "That name is too long (100 characters at most).");

export const pageLimitInput = z
  .number({ error: `Send the page size as a number from 1 to ${accountPageSize.max}.` })
  .int(`Send the page size as a whole number from 1 to ${accountPageSize.max}.`)
  .min(1, `Ask for 1 to ${accountPageSize.max} users a page.`)
  .max(accountPageSize.max, `Ask for 1 to ${accountPageSize.max} users a page.`);
export const cursorInput = z
  .string({ error: "Send the cursor as the nextCursor string of the page before." })
  .min(1, "Send the nextCursor of the page before, or no cursor for the first page.")
  .max(200, "That cursor is not valid: pass the nextCursor of the page before, unchanged.");

/** An account as a tenant app sees it (core's AccountSummary, field by field). */
export const userOutput = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  emailVerified: z.boolean(),
  createdAt: z.date(),
  disabled: z.boolean(),
  disabledAt: z.date().nullable(),
  hasTwoFactor: z.boolean(),
});
