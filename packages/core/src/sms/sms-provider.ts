/** One text message as the outbox hands it to a provider. The body holds a live code: never log it. */
export type OutgoingSms = {
  /** E.164, e.g. +447400123456. */
  to: string;
  body: string;
};

/**
 * Where delivered text messages go. `send` resolves once the provider has accepted the message and
 * rejects otherwise, with an error that names the provider's reason but never the body. Like a mail
 * transport it must time out on its own well before a delivery's transaction does (two minutes).
 */
export interface SmsProvider {
  send(message: OutgoingSms): Promise<void>;
}
