import { z } from "zod";
import { rowIdInput } from "../../schemas";

// Inputs shared by the staff procedures (S30: bounded, with messages a person can act on).

/** Why the staff member does this: kept in the audit row of the action (S26). */
export const reasonInput = z
  .string({ error: "Say why you are doing this." })
  .trim()
  .min(3, "Say why you are doing this, in at least 3 characters.")
  .max(500, "Keep the reason to 500 characters.");
export const staffRoleInput = z.enum(["agent", "lead", "admin"], { error: "Choose agent, lead or admin." });
export const tenantIdInput = z.string({ error: "Choose an organisation." }).min(1, "Choose an organisation.").max(64, "That organisation id is not valid.");
export const userIdInput = z.string({ error: "Choose an account." }).min(1, "Choose an account.").max(64, "That account id is not valid.");
export const memberIdInput = rowIdInput;

export const staffRoleOutput = z.enum(["agent", "lead", "admin"]);
