import "server-only";
import { isSecureOrigin } from "./env";

// The browser holds the opaque server-side session token and nothing else (architecture.md,
// "Sessions"). `__Host-` pins the cookie to this exact origin, path "/" and Secure (S9).

export function sessionCookieName(): string {
  return isSecureOrigin() ? "__Host-rekey.session" : "rekey.session";
}

export function sessionCookieOptions() {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    path: "/",
    secure: isSecureOrigin(),
  };
}
