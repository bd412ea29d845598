import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface User {
    /** The opaque server-side session token from `auth.signIn`; becomes the cookie value. */
    sessionToken?: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    sessionToken?: string;
    tenant?: string;
  }
}
