// Words for the desk's states, shared by the queue and the ticket page.

export type TicketState = "waiting" | "under-review" | "awaiting-second-approval" | "approved" | "denied" | "cancelled" | "completed" | "expired";

export const ticketStateLabels: Record<TicketState, string> = {
  waiting: "Waiting period",
  "under-review": "Ready for review",
  "awaiting-second-approval": "Needs second approval",
  approved: "Approved",
  denied: "Denied",
  cancelled: "Cancelled",
  completed: "Completed",
  expired: "Expired",
};

export const ticketStateTones: Record<TicketState, "neutral" | "info" | "warning" | "calm" | "risky"> = {
  waiting: "neutral",
  "under-review": "info",
  "awaiting-second-approval": "warning",
  approved: "calm",
  denied: "risky",
  cancelled: "neutral",
  completed: "calm",
  expired: "neutral",
};
