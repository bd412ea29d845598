// How a session proved who it was, in words: the account's devices page and the support
// dashboard's view of an account show the same session, so they name its methods the same way.

const methodWords: Record<string, string> = {
  password: "Password",
  totp: "Authenticator app",
  sms: "Text message",
  webauthn: "Security key",
  passkey: "Passkey",
  trusted_browser: "Remembered browser",
  recovery_code: "Recovery code",
  // A session made by recovering the account (trusted contacts, support), marked as such.
  account_recovery: "Account recovery",
};

export function describeMethods(methods: string[]): string {
  return methods.length > 0 ? methods.map((method) => methodWords[method] ?? method).join(" + ") : "Password";
}
