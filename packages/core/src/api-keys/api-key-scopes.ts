// What a tenant API key may do. A key carries a subset; a call outside it is refused with
// FORBIDDEN naming the missing scope (api/src/tenant-trpc.ts).
export const apiKeyScopes = [
  "sessions:read",
  "sessions:write",
  "users:read",
  "users:write",
  "recovery-codes:write",
  "events:read",
  "webhooks:write",
] as const;

export type ApiKeyScope = (typeof apiKeyScopes)[number];

export const apiKeyScopeDescriptions: Record<ApiKeyScope, string> = {
  "sessions:read": "Verify and list sessions",
  "sessions:write": "Sign people out (revoke sessions) and exchange sign-in codes for sessions",
  "users:read": "Look up accounts and their security status",
  "users:write": "Invite, disable and enable accounts",
  "recovery-codes:write": "Issue new recovery codes for an account",
  "events:read": "Read the security-event feed",
  "webhooks:write": "Manage webhook endpoints and redeliver events",
};
