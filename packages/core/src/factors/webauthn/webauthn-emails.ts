import { detailsLine, render, type Brand, type EmailContent, type SecurityNoticeDetails } from "../../notifications/email-templates";

// Security notices about security keys and passkeys, in the voice of
// notifications/email-templates.ts: what happened, when and from where, and what to do if it was
// not you (S27).

function kindWords(isPasskey: boolean): { noun: string; article: string } {
  return isPasskey ? { noun: "passkey", article: "A passkey" } : { noun: "security key", article: "A security key" };
}

export function webAuthnAddedMessage(
  brand: Brand,
  options: SecurityNoticeDetails & { factorName: string; isPasskey: boolean; notMeUrl: string },
): EmailContent {
  const { noun, article } = kindWords(options.isPasskey);
  const use = options.isPasskey ? "It can now be used to sign in, and for two-step verification." : "It can now be used for two-step verification.";
  const what = `${article} ("${options.factorName}") was added to your account. ${use}`;
  return render(
    brand,
    `${article} was added to your ${brand.tenantName} account`,
    [
      what,
      detailsLine(options),
      `If this was not you, someone may be signed in to your account: use the link above. It signs out every device, asks for a new password, and you can then remove the ${noun}.`,
    ],
    { label: "This wasn't me", url: options.notMeUrl },
  );
}

export function webAuthnCounterRegressedMessage(
  brand: Brand,
  options: SecurityNoticeDetails & { factorName: string; isPasskey: boolean; securityUrl: string },
): EmailContent {
  const { noun } = kindWords(options.isPasskey);
  return render(brand, `A sign-in with your ${noun} was refused on your ${brand.tenantName} account`, [
    `Your ${noun} "${options.factorName}" answered with a usage counter that had not gone up since its last use. A copied (cloned) key can do that, so the sign-in was refused.`,
    detailsLine(options),
    `If you still have the ${noun}, it may simply have been reset or used elsewhere: try again, and if this keeps happening remove it and add it again.`,
    `If you did not just try to sign in, remove this ${noun} and change your password at ${options.securityUrl}.`,
  ]);
}
