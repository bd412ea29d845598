import type { Metadata } from "next";
import { Card, TextLink } from "@/components/ui";
import { tenantHref } from "@/lib/tenant-href";
import { requireSession } from "@/server/caller";
import { HelpingSection, InvitationsSection, RequestsSection } from "./helping-forms";

export const metadata: Metadata = { title: "People who trust you" };

/**
 * The trusted contact's page: the link in invitations and in requests for help, so a signed-out
 * visitor signs in and comes back here. Shows nothing of anyone's account beyond the name and
 * address they were invited by (S24).
 */
export default async function HelpingPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const { caller } = await requireSession(slug, "/trusted-contacts/helping");
  const { invitations, helping, requests } = await caller.helping.list();
  const now = Date.now();

  return (
    <Card
      wide
      title="People who trust you"
      intro={
        <p>
          People who chose you as a trusted contact. You never see or touch their accounts. If one of them is locked out, they may call
          you, and you read them a short code from this page.
        </p>
      }
    >
      <RequestsSection tenant={slug} requests={requests} />
      <InvitationsSection tenant={slug} invitations={invitations} />
      {/* Always there, also when empty: it keeps its answer on screen after the last one leaves. */}
      <HelpingSection tenant={slug} helping={helping.map((contact) => ({ ...contact, isCoolingOff: contact.usableFrom.getTime() > now }))} />
      <p>
        <TextLink href={tenantHref(slug, "/")}>Back to your account</TextLink>
      </p>
    </Card>
  );
}
