/** One email as the outbox hands it to a transport. The body carries single-use links: never log it. */
export type OutgoingMail = {
  to: string;
  subject: string;
  text: string;
  html?: string;
};

/**
 * Where delivered mail goes. `send` resolves once the receiving server has accepted the message and
 * rejects otherwise; it must time out on its own well before a delivery's transaction does (two
 * minutes), because the outbox row stays locked while it runs.
 */
export interface MailTransport {
  send(message: OutgoingMail): Promise<void>;
}
