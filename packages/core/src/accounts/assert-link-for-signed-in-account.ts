import { AppError } from "../errors/app-error";

/**
 * An emailed link (confirm an address) opened in a browser signed in to a different account of
 * the tenant is refused, and the caller's transaction rolls back, so the link still works once
 * that browser signs out. Acting on it there would confirm an address for an account the person
 * is not looking at, while the page talks about the one they are: someone who received a link
 * they did not ask for (a sign-up or email change with their address, by somebody else) would
 * believe it concerned their own account. The answer names neither account.
 */
export function assertLinkForSignedInAccount(options: { linkUserId: string; signedInUserId: string | null }): void {
  const { linkUserId, signedInUserId } = options;
  if (signedInUserId !== null && signedInUserId !== linkUserId) {
    throw new AppError("CONFLICT", "This link is for another account.", { details: ["another-account"] });
  }
}
