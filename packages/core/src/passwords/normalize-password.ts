/**
 * NFKC, as NIST SP 800-63B rev 4 §3.1.1.2 asks before a password is hashed: the same password
 * typed on another keyboard, input method or operating system can arrive as other code points
 * ("Å" as one code point or as A plus a combining ring, "１２" as fullwidth digits, "ﬁ" as a
 * ligature), and should still be the same password. Every hash, check and strength score goes
 * through this one function (docs/decisions.md, "Passwords are compared in NFKC").
 */
export function normalizePassword(password: string): string {
  return password.normalize("NFKC");
}
