import { buttonStyles } from "@/components/ui";
import { signOutAction } from "@/server/actions/session";

/** "Sign out" for this tenant's session: a plain form posting a server action, so it works without JavaScript. */
export function SignOutForm({ tenant }: { tenant: string }) {
  return (
    <form action={signOutAction.bind(null, tenant)}>
      <button type="submit" className={buttonStyles.secondary}>
        Sign out
      </button>
    </form>
  );
}
