import { AccountHomeLink } from "@/components/account-home-link";
import { Card } from "@/components/ui";

/**
 * A missing page of a tenant that exists (a page or a nested layout called notFound()), inside
 * the tenant's layout. Without it, t/not-found.tsx, which is for unknown tenants, would answer.
 * The title is set here for the reason given there.
 */
export default function TenantPageNotFound() {
  return (
    <>
      <title>Page not found · Your account</title>
      <Card title="Page not found">
        <p className="text-slate-700">This address does not lead anywhere. Check the link, or start again.</p>
        <p>
          <AccountHomeLink />
        </p>
      </Card>
    </>
  );
}
