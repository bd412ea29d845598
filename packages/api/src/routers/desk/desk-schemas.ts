import { z } from "zod";

// Shared shapes of the support desk's procedures. Everything staff see passes through these
// outputs, so a field that is not named here (a hash, a seed, a token) cannot reach a page.

export const ticketIdInput = z.string().min(1, "Choose a request.").max(64, "That request id is not valid.");
/** The reason a staff member types for an action; it lands in the audit trail. */
export const reasonInput = z.string().trim().min(3, "Say briefly why (at least 3 characters).").max(1000, "Please keep the reason under 1,000 characters.");
export const ticketStateOutput = z.enum(["waiting", "under-review", "awaiting-second-approval", "approved", "denied", "cancelled", "completed", "expired"]);
