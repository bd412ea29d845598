import { render, type Brand, type EmailContent } from "../notifications/email-templates";

// What the people an owner names as trusted contacts receive. They hold no secret of the owner's,
// so these carry no "this wasn't me" link; the owner's own notices do.

export function contactInvitationMessage(brand: Brand, options: { ownerName: string; ownerEmail: string; hasAccount: boolean; url: string }): EmailContent {
  const { ownerName, ownerEmail, hasAccount, url } = options;
  const next = hasAccount
    ? "Sign in with this email address to accept or decline. The invitation expires in 14 days."
    : `To accept, create a ${brand.tenantName} account with this email address, then open the link again. The invitation expires in 14 days.`;
  return render(
    brand,
    `${ownerName} asked you to be a trusted contact`,
    [
      `${ownerName} (${ownerEmail}) would like you to be one of their trusted contacts on ${brand.tenantName}. If they ever lose access to their account, they may call you and ask you to confirm it is them. You would then read them a short code.`,
      next,
      "Being a contact gives you no access to their account. If you do not know this person, decline or ignore this message.",
    ],
    { label: hasAccount ? "See the invitation" : "Create an account", url },
  );
}

export function helpRequestedMessage(brand: Brand, options: { ownerName: string; ownerEmail: string; url: string }): EmailContent {
  const { ownerName, ownerEmail, url } = options;
  return render(
    brand,
    `${ownerName} may need your help to get back into their account`,
    [
      `Someone asked for help getting back into ${ownerName}'s account (${ownerEmail}), and you are one of their trusted contacts.`,
      `Only help if ${ownerName} asked you themself, by phone or in person. Call them on a number you already know: a message, even from their address, may come from someone else.`,
      "If they did not ask you, say so on the same page: that stops the recovery and warns them.",
    ],
    { label: "Open the request", url },
  );
}
