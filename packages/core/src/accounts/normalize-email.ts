/** Emails are compared and stored trimmed and lower-cased: one address, one account per tenant. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
