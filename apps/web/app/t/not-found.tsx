import { MessagePage, TextLink } from "@/components/ui";

/**
 * An address under a tenant that does not exist: t/[tenant]/layout.tsx calls notFound() (status
 * 404). The tenant's own account page would be this page again, so the way on is the site's home.
 * The title is set here, as in app/error.tsx: caught inside the tree, a missing page would keep the
 * title of the page that was asked for ("Sign in").
 */
export default function UnknownTenant() {
  return (
    <>
      <title>Page not found · Your account</title>
      <MessagePage
        title="Page not found"
        message="There are no account pages at this address. Check the link you followed, or go back to the app that sent you here."
        action={<TextLink href="/">Go to the home page</TextLink>}
      />
    </>
  );
}
