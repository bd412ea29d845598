import { detailsLine, render, type Brand, type EmailContent, type SecurityNoticeDetails } from "../notifications/email-templates";

// What the owner is told while someone tries to recover their account, on every channel.

export function recoveryStartedMessage(brand: Brand, options: SecurityNoticeDetails & { cancelUrl: string; waitingUntil: Date }): EmailContent {
  return render(
    brand,
    `Someone is trying to recover your ${brand.tenantName} account`,
    [
      "Someone said they lost access to your account and asked your trusted contacts for help getting back in.",
      detailsLine(options),
      `If this was you, there is nothing to do: call your contacts and ask them for their codes. If it was not, cancel it now with the link above. Without your password, the recovery cannot finish before ${options.waitingUntil.toUTCString()}.`,
    ],
    { label: "This wasn't me: cancel the recovery", url: options.cancelUrl },
  );
}

export function recoveryStartedText(brand: Brand, options: { cancelUrl: string }): string {
  return `${brand.tenantName}: someone asked your trusted contacts to help recover your account. Not you? Cancel it: ${options.cancelUrl}`;
}

export function recoveryRefusedMessage(brand: Brand, options: SecurityNoticeDetails & { contactName: string; notMeUrl: string }): EmailContent {
  return render(
    brand,
    `A recovery of your ${brand.tenantName} account was stopped`,
    [
      `Someone asked your trusted contacts to help recover your account, and ${options.contactName} said you had not asked them. We stopped the recovery.`,
      detailsLine(options),
      "If it was you, start again and call your contacts first. If it was not, someone may be trying to get into your account: use the link above to sign out everywhere and choose a new password.",
    ],
    { label: "Secure my account", url: options.notMeUrl },
  );
}

export function recoveryCompletedMessage(brand: Brand, options: SecurityNoticeDetails & { how: string; notMeUrl: string; freezeUntil: Date | null }): EmailContent {
  const paused = options.freezeUntil
    ? `For your safety, removing trusted contacts, changing the email address and turning off two-step verification are paused until ${options.freezeUntil.toUTCString()}.`
    : null;
  return render(
    brand,
    `Your ${brand.tenantName} account was recovered`,
    [
      `Your account was recovered ${options.how}. Every two-step verification method and recovery code it had was removed, and every device was signed out.`,
      detailsLine(options),
      ...(paused ? [paused] : []),
      "If this was you, there is nothing more to do. If it was not, use the link above right away: it signs out every device and asks for a new password.",
    ],
    { label: "This wasn't me", url: options.notMeUrl },
  );
}
