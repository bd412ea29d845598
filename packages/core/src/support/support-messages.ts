import { detailsLine, render, type Brand, type EmailContent, type SecurityNoticeDetails } from "../notifications/email-templates";

// What the owner and the person asking are told about a support request.

export function ticketOpenedMessage(brand: Brand, options: SecurityNoticeDetails & { reference: string; cancelUrl: string; waitingUntil: Date }): EmailContent {
  return render(
    brand,
    `Someone asked ${brand.tenantName} support to recover your account`,
    [
      `Someone said they lost access to your account and asked our support team to recover it (request ${options.reference}).`,
      detailsLine(options),
      `If this was you, there is nothing to do: we will review the request after ${options.waitingUntil.toUTCString()}. If it was not, cancel it now with the link above, and nobody will be able to use this request. Signing in to your account also cancels it.`,
    ],
    { label: "This wasn't me: cancel and secure my account", url: options.cancelUrl },
  );
}

export function ticketOpenedText(brand: Brand, options: { cancelUrl: string }): string {
  return `${brand.tenantName}: someone asked support to recover your account. Not you? Cancel it: ${options.cancelUrl}`;
}

export function recoveryLinkMessage(brand: Brand, options: { reference: string; url: string; expiresAt: Date }): EmailContent {
  return render(
    brand,
    `Your ${brand.tenantName} account recovery was approved`,
    [
      `Our support team approved your request ${options.reference} to recover your account.`,
      `The link works once and until ${options.expiresAt.toUTCString()}. It signs out every device, removes the old two-step verification methods and recovery codes, and asks you to set up new ones. You can choose a new password on the way.`,
      "If you did not ask for this, do not use the link; sign in to your account instead, which cancels it.",
    ],
    { label: "Recover my account", url: options.url },
  );
}

export function approvedToOtherAddressMessage(brand: Brand, options: { reference: string; cancelUrl: string }): EmailContent {
  return render(
    brand,
    `A recovery of your ${brand.tenantName} account was approved`,
    [
      `Our support team approved request ${options.reference} to recover your account, and sent the recovery link to the reply address the person gave.`,
      "If this was not you, cancel it now with the link above: the recovery link stops working at once.",
    ],
    { label: "This wasn't me: cancel the recovery", url: options.cancelUrl },
  );
}

export function ticketDeniedMessage(brand: Brand, options: { reference: string; explanation: string }): EmailContent {
  return render(brand, `Your ${brand.tenantName} support request ${options.reference}`, [
    `We could not approve your request ${options.reference} to recover an account.`,
    options.explanation,
    "If you still have a way to sign in, use it. You can also make a new request with more details.",
  ]);
}

export function newSupportMessageMessage(brand: Brand, options: { reference: string }): EmailContent {
  return render(brand, `A message about your ${brand.tenantName} support request ${options.reference}`, [
    `Our support team wrote to you about request ${options.reference}.`,
    "Open the status page with the link you saved when you made the request to read it and answer.",
  ]);
}
