// Plain, calm messages. Every security notice says what happened, when and from where, and what
// to do if it was not you.

export type EmailContent = { subject: string; text: string; html: string };

export type Brand = { tenantName: string };

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char] ?? char);
}

export function render(brand: Brand, subject: string, paragraphs: string[], action?: { label: string; url: string }): EmailContent {
  const textParts = [...paragraphs];
  if (action) textParts.splice(1, 0, `${action.label}: ${action.url}`);
  const text = `${textParts.join("\n\n")}\n\n— ${brand.tenantName}\n`;
  const htmlParagraphs = paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`);
  if (action) {
    htmlParagraphs.splice(
      1,
      0,
      `<p><a href="${escapeHtml(action.url)}" style="display:inline-block;padding:10px 16px;background:#1d4ed8;color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(action.label)}</a></p>`,
    );
  }
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#111;max-width:560px">${htmlParagraphs.join("")}<p style="color:#555">— ${escapeHtml(brand.tenantName)}</p></body></html>`;
  return { subject, text, html };
}

export function verifyEmailMessage(brand: Brand, options: { name: string; url: string }): EmailContent {
  return render(
    brand,
    `Confirm your email for ${brand.tenantName}`,
    [`Hi ${options.name}, please confirm that this is your email address.`, "The link works once and expires in 24 hours. If you did not create an account, you can ignore this message."],
    { label: "Confirm email", url: options.url },
  );
}

export function accountExistsMessage(brand: Brand, options: { signInUrl: string; resetUrl: string }): EmailContent {
  return render(brand, `Someone tried to create a ${brand.tenantName} account with your email`, [
    "Someone tried to create a new account with this email address, but you already have one.",
    `If it was you, sign in at ${options.signInUrl}. If you forgot your password, reset it at ${options.resetUrl}.`,
    "If it was not you, you do not need to do anything: your account has not changed.",
  ]);
}

export function resetPasswordMessage(brand: Brand, options: { url: string }): EmailContent {
  return render(
    brand,
    `Reset your ${brand.tenantName} password`,
    ["We received a request to reset your password.", "The link works once and expires in 1 hour. If you did not ask for it, ignore this message: your password stays the same."],
    { label: "Choose a new password", url: options.url },
  );
}

/** An organisation made an account for the person (tenant API `users.create`): they choose its password. */
export function invitationMessage(brand: Brand, options: { name: string; url: string; lifetimeHours: number }): EmailContent {
  return render(
    brand,
    `You have been invited to ${brand.tenantName}`,
    [
      `Hi ${options.name}, ${brand.tenantName} made an account for you with this email address. Choose a password to start using it.`,
      `The link works once and expires in ${options.lifetimeHours} hours. If it expires, use “Forgot password” on the sign-in page. If you did not expect this, you can ignore this message.`,
    ],
    { label: "Set your password", url: options.url },
  );
}

export type SecurityNoticeDetails = { when: Date; device: string; ip: string };

export function detailsLine(details: SecurityNoticeDetails): string {
  return `When: ${details.when.toUTCString()}. Device: ${details.device || "unknown"}. IP address: ${details.ip || "unknown"}.`;
}

/** What a notice with a "this wasn't me" link says about it. */
const notMeAdvice = "If this was you, there is nothing to do. If it was not, use the link above: it signs out every device and asks for a new password.";

export function passwordChangedMessage(brand: Brand, options: SecurityNoticeDetails & { reason: "changed" | "reset"; notMeUrl: string }): EmailContent {
  const what = options.reason === "reset" ? "was reset" : "was changed";
  // A reset comes from an emailed link, not a signed-in device, so no device is kept.
  const signedOut = options.reason === "reset" ? "every device" : "every other device";
  return render(
    brand,
    `Your ${brand.tenantName} password ${what}`,
    [`Your password ${what}, and ${signedOut} was signed out.`, detailsLine(options), notMeAdvice],
    { label: "This wasn't me", url: options.notMeUrl },
  );
}

export function confirmNewEmailMessage(brand: Brand, options: { name: string; url: string }): EmailContent {
  return render(
    brand,
    `Confirm your new email for ${brand.tenantName}`,
    [`Hi ${options.name}, please confirm that you want to use this address for your account.`, "The link works once and expires in 24 hours. Until you confirm, your old address stays in use."],
    { label: "Confirm new email", url: options.url },
  );
}

export function emailChangeRequestedMessage(brand: Brand, options: SecurityNoticeDetails & { newEmail: string; notMeUrl: string }): EmailContent {
  return render(
    brand,
    `A change of email was requested for your ${brand.tenantName} account`,
    [
      `Someone signed in to your account asked to change its email address to ${options.newEmail}. It changes only once the new address is confirmed.`,
      detailsLine(options),
      "If this was you, there is nothing to do. If it was not, use the link above: it stops the change, signs out every device and asks for a new password.",
    ],
    { label: "This wasn't me", url: options.notMeUrl },
  );
}

export function emailChangedMessage(brand: Brand, options: SecurityNoticeDetails & { newEmail: string }): EmailContent {
  return render(brand, `Your ${brand.tenantName} email address was changed`, [
    `Your account's email address is now ${options.newEmail}. Messages about your account will go there from now on.`,
    detailsLine(options),
    "If this was not you, contact support right away.",
  ]);
}

export function newDeviceSignInMessage(brand: Brand, options: SecurityNoticeDetails & { notMeUrl: string }): EmailContent {
  return render(
    brand,
    `New sign-in to your ${brand.tenantName} account`,
    [
      "Your account was just signed in to from a device we have not seen before.",
      detailsLine(options),
      notMeAdvice,
    ],
    { label: "This wasn't me", url: options.notMeUrl },
  );
}

export function securityChangeMessage(
  brand: Brand,
  options: SecurityNoticeDetails & { what: string; notMeUrl: string },
): EmailContent {
  return render(
    brand,
    `Security change on your ${brand.tenantName} account: ${options.what}`,
    [
      `${options.what}.`,
      detailsLine(options),
      notMeAdvice,
    ],
    { label: "This wasn't me", url: options.notMeUrl },
  );
}
