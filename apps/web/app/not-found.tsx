import type { Metadata } from "next";
import { AccountHomeLink } from "@/components/account-home-link";
import { MessagePage } from "@/components/ui";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return <MessagePage title="Page not found" message="This address does not lead anywhere. Check the link, or start again." action={<AccountHomeLink />} />;
}
