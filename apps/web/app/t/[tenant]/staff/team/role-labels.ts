// The desk's role names, shared by the team table (a server component) and its forms (client).
// Kept out of team-forms.tsx: a server component importing a plain object from a "use client"
// module gets a client reference, not the object, and the table's Role column came out empty.

export type Role = "agent" | "lead" | "admin";

export const roleLabels: Record<Role, string> = { agent: "Agent", lead: "Lead", admin: "Admin" };
