export type { MailTransport, OutgoingMail } from "./mail-transport";
export { createMailTransport, type CreateMailTransportOptions } from "./create-mail-transport";
export { createSmtpTransport, type CreateSmtpTransportOptions } from "./smtp-transport";
export { createDevMailboxTransport, type CreateDevMailboxTransportOptions } from "./dev-mailbox-transport";
