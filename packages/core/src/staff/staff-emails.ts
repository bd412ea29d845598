import { render, type Brand, type EmailContent } from "../notifications/email-templates";

// What a person given a support role receives. It carries no token: the dashboard needs their own
// sign-in with a passkey or authenticator app (staff-access.ts), so the mail only says what to do.

export function staffRoleGrantedMessage(brand: Brand, options: { name: string; role: string; servedTenantName: string; url: string }): EmailContent {
  const { name, role, servedTenantName, url } = options;
  return render(
    brand,
    `You now have a role on ${servedTenantName}'s support desk`,
    [
      `Hi ${name}, you now have the ${role} role on ${servedTenantName}'s support desk.`,
      "Sign in and add a passkey or an authenticator app on your security page: the support dashboard only opens to a sign-in that used one of them.",
      "If you did not expect this, tell your organisation's administrators.",
    ],
    { label: "Sign in", url },
  );
}
