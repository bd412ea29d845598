import { randomBytes } from "node:crypto";

// Prefixed ids make logs and support tickets readable at a glance (usr_..., ses_...).
const prefixes = {
  tenant: "tnt",
  user: "usr",
  staff: "stf",
  session: "ses",
  emailToken: "etk",
  auditEvent: "evt",
  outboxMessage: "msg",
  factor: "fac",
  signInChallenge: "sic",
  oneTimeCode: "otc",
  webAuthnChallenge: "wch",
  device: "dev",
  recoveryCodeSet: "rcs",
  recoveryCode: "rco",
  trustedContact: "tct",
  contactRecovery: "crc",
  relayCode: "rly",
  supportTicket: "tkt",
  supportTicketEntry: "tke",
  apiKey: "key",
  webhookEndpoint: "whe",
  webhookDelivery: "whd",
  sessionHandoff: "sho",
} as const;

export type IdKind = keyof typeof prefixes;

export function newId(kind: IdKind): string {
  // 16 random bytes: ids are not secrets, but guessable ids make enumeration cheap.
  return `${prefixes[kind]}_${randomBytes(16).toString("base64url")}`;
}
