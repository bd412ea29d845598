import type { Metadata } from "next";
import Link from "next/link";
import { Badge, Panel, StaffPage } from "@/components/staff-ui";
import { buttonStyles, TextLink } from "@/components/ui";
import { formatDateTime, knownIp, plural } from "@/lib/format";
import { tenantHref } from "@/lib/tenant-href";
import type { Caller } from "@/server/caller";
import { orNotFound, requireStaff } from "@/server/staff";
import { ticketStateLabels, ticketStateTones } from "../../ticket-labels";
import { DecisionForms, MessageForm, ReviewForm } from "./ticket-actions";

export const metadata: Metadata = { title: "Support request" };

type Ticket = Awaited<ReturnType<Caller["desk"]["ticket"]>>;

type Signals = Ticket["riskSignals"];

/** Each signal, when present, with what it means for the decision. */
function riskSignalLines(signals: Signals): { present: boolean; title: string; meaning: string }[] {
  return [
    {
      present: signals.hadSecondFactor,
      title: "The account had a second factor",
      meaning: "Someone who protected the account well is also the one an attacker would most like to talk past. Ask how they lost it.",
    },
    {
      present: signals.recentCredentialChange,
      title: "The password, email or a method changed recently",
      meaning: "A takeover often starts with such a change. Check the account's activity before trusting the evidence.",
    },
    {
      present: signals.newDevice,
      title: "Sent from a device the account has never used",
      meaning: "Expected after a lost phone, but it gives no support to the claim.",
    },
    {
      present: signals.newNetwork,
      title: "Sent from a network the account has never used",
      meaning: "The address is not one the account signed in from before.",
    },
    {
      present: signals.earlierTickets > 0,
      title: signals.earlierTickets > 0 ? `${plural(signals.earlierTickets, "earlier request", "earlier requests")} for this account` : "No earlier requests",
      meaning: "Repeated requests can be persistence by an attacker; read how the earlier ones ended.",
    },
    {
      present: signals.highValue,
      title: "Marked as a high-value account",
      meaning: "Recovery always needs a second approver.",
    },
  ];
}

const entryLabels: Record<Ticket["entries"][number]["kind"], string> = {
  message_from_person: "From the person",
  message_to_person: "To the person",
  note: "Note",
  recommend_approve: "Recommends approval",
  recommend_deny: "Recommends denial",
  approval: "Approval",
  denial: "Denial",
};
const threadKinds = new Set(["message_from_person", "message_to_person"]);

/** Text the person or staff wrote: always text, never markup, kept as they wrote it. */
function Written({ children }: { children: string }) {
  return <p className="break-words whitespace-pre-wrap text-slate-900">{children || "—"}</p>;
}

export default async function TicketPage({ params }: { params: Promise<{ tenant: string; id: string }> }) {
  const { tenant: slug, id } = await params;
  const path = `/staff/tickets/${encodeURIComponent(id)}`;
  const staff = await requireStaff(slug, path);
  if (!staff) return null;
  const ticket = await orNotFound(staff.caller.desk.ticket({ ticketId: id }));
  const signals = riskSignalLines(ticket.riskSignals);
  const thread = ticket.entries.filter((entry) => threadKinds.has(entry.kind));
  const reviews = ticket.entries.filter((entry) => !threadKinds.has(entry.kind));
  const actionProps = { tenant: slug, ticketId: ticket.id, returnPath: path };

  return (
    <StaffPage
      title={`Request ${ticket.reference}`}
      intro={
        <div className="flex flex-wrap items-center gap-2">
          <Badge tone={ticketStateTones[ticket.state]}>{ticketStateLabels[ticket.state]}</Badge>
          {ticket.risky ? <Badge tone="risky">Risky</Badge> : <Badge tone="calm">Normal risk</Badge>}
          {ticket.needsSecondApprover ? <Badge tone="warning">Needs two approvers</Badge> : null}
          <span className="text-sm">{ticket.tenant.name}</span>
        </div>
      }
      actions={
        <Link href={tenantHref(slug, `/staff/users/${encodeURIComponent(ticket.user.id)}`)} className={buttonStyles.secondary}>
          Open account
        </Link>
      }
    >
      <p>
        <TextLink href={tenantHref(slug, "/staff")}>Back to the queue</TextLink>
      </p>

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-6">
          <Panel id="evidence-heading" title="Evidence" intro="What the person wrote, as they wrote it. Compare it with the account, not with what sounds convincing.">
            <dl className="space-y-4">
              <div>
                <dt className="text-sm font-medium text-slate-600">What happened</dt>
                <dd className="mt-1">
                  <Written>{ticket.evidence.whatHappened}</Written>
                </dd>
              </div>
              <div>
                <dt className="text-sm font-medium text-slate-600">When they last signed in</dt>
                <dd className="mt-1">
                  <Written>{ticket.evidence.lastSignIn}</Written>
                </dd>
              </div>
              <div>
                <dt className="text-sm font-medium text-slate-600">Devices and places they use</dt>
                <dd className="mt-1">
                  <Written>{ticket.evidence.devicesAndPlaces}</Written>
                </dd>
              </div>
              {ticket.evidence.answers.map((answer, index) => (
                <div key={index}>
                  <dt className="text-sm font-medium break-words text-slate-600">{answer.question}</dt>
                  <dd className="mt-1">
                    <Written>{answer.answer}</Written>
                  </dd>
                </div>
              ))}
            </dl>
          </Panel>

          <Panel id="risk-heading" title="Risk signals" intro={ticket.risky ? "This request is risky: read each signal that is present." : "No signal makes this request risky."}>
            <ul className="space-y-3">
              {signals.map((signal) => (
                <li key={signal.title} className="flex gap-3">
                  <span aria-hidden="true" className={`mt-1.5 size-2.5 shrink-0 rounded-full ${signal.present ? "bg-red-500" : "bg-slate-300"}`} />
                  <div>
                    <p className={signal.present ? "font-medium text-slate-900" : "text-slate-600"}>
                      {signal.present ? signal.title : `Not present: ${signal.title.charAt(0).toLowerCase()}${signal.title.slice(1)}`}
                    </p>
                    {signal.present ? <p className="text-sm text-slate-600">{signal.meaning}</p> : null}
                  </div>
                </li>
              ))}
            </ul>
          </Panel>

          <Panel id="thread-heading" title="Conversation with the person">
            {thread.length === 0 ? <p className="text-slate-600">No messages yet.</p> : <EntryList entries={thread} />}
            {ticket.can.message ? <MessageForm {...actionProps} /> : null}
          </Panel>

          <Panel id="reviews-heading" title="Staff reviews" intro="Staff only: the person never sees these.">
            {reviews.length === 0 ? <p className="text-slate-600">No reviews yet.</p> : <EntryList entries={reviews} />}
            {ticket.can.review ? <ReviewForm {...actionProps} /> : null}
          </Panel>

          <Panel id="decision-heading" title="Decision">
            {ticket.decidedAt ? (
              <p>
                Decided {formatDateTime(ticket.decidedAt)}
                {ticket.decidedBy ? ` by ${ticket.decidedBy}` : ""}.{ticket.linkSentTo ? ` Link sent to the ${ticket.linkSentTo === "reply-address" ? "reply address" : "address on file"}.` : ""}
              </p>
            ) : null}
            {ticket.decisionNote ? <Written>{ticket.decisionNote}</Written> : null}
            {ticket.endedAt ? (
              <p className="text-slate-600">
                Ended {formatDateTime(ticket.endedAt)}
                {ticket.endReason ? `: ${ticket.endReason}` : "."}
              </p>
            ) : null}
            <DecisionForms
              {...actionProps}
              canApprove={ticket.can.approve}
              canDeny={ticket.can.deny}
              approveBlockedBecause={ticket.approveBlockedBecause}
              needsSecondApprover={ticket.needsSecondApprover}
              firstApprover={ticket.firstApprover}
              email={ticket.email}
              replyEmail={ticket.replyEmail}
            />
          </Panel>
        </div>

        <div className="min-w-0 space-y-6">
          <Panel id="timeline-heading" title="Timeline">
            <Timeline steps={ticket.timeline} />
          </Panel>
          <Panel id="account-heading" title="Account">
            <dl className="space-y-2 text-sm">
              <div>
                <dt className="font-medium text-slate-600">Name</dt>
                <dd className="break-words">{ticket.user.name}</dd>
              </div>
              <div>
                <dt className="font-medium text-slate-600">Email on file</dt>
                <dd className="break-all">{ticket.email}</dd>
              </div>
              {ticket.replyEmail ? (
                <div>
                  <dt className="font-medium text-slate-600">Reply address given</dt>
                  <dd className="break-all">{ticket.replyEmail}</dd>
                </div>
              ) : null}
              <div>
                <dt className="font-medium text-slate-600">Account created</dt>
                <dd>{formatDateTime(ticket.user.createdAt)}</dd>
              </div>
              <div>
                <dt className="font-medium text-slate-600">Request sent from</dt>
                <dd className="break-words">
                  {ticket.request.device}
                  {knownIp(ticket.request.ip) ? `, ${ticket.request.ip}` : ""}
                </dd>
              </div>
              <div>
                <dt className="font-medium text-slate-600">Waiting period ends</dt>
                <dd>{formatDateTime(ticket.waitingUntil)}</dd>
              </div>
            </dl>
            <p className="text-sm">
              <TextLink href={tenantHref(slug, `/staff/users/${encodeURIComponent(ticket.user.id)}`)}>See sign-ins, methods and activity</TextLink>
            </p>
          </Panel>
        </div>
      </div>
    </StaffPage>
  );
}

function EntryList({ entries }: { entries: Ticket["entries"] }) {
  return (
    <ol className="space-y-3">
      {entries.map((entry) => (
        <li key={entry.id} className="rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200">
          <p className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
            <Badge tone={entry.kind === "recommend_deny" || entry.kind === "denial" ? "risky" : entry.kind === "recommend_approve" || entry.kind === "approval" ? "calm" : "neutral"}>
              {entryLabels[entry.kind]}
            </Badge>
            <span>{entry.by ?? (entry.kind === "message_from_person" ? "The person" : "Support")}</span>
            <span>· {formatDateTime(entry.createdAt)}</span>
          </p>
          <div className="mt-2">
            <Written>{entry.body}</Written>
          </div>
        </li>
      ))}
    </ol>
  );
}

/** The request's path as a picture: dots on a line, steps still to come greyed. */
function Timeline({ steps }: { steps: Ticket["timeline"] }) {
  return (
    <ol className="relative">
      {steps.map((step, index) => {
        const last = index === steps.length - 1;
        return (
          <li key={`${step.kind}-${index}`} className="relative flex gap-3 pb-5 last:pb-0">
            {!last ? <span aria-hidden="true" className={`absolute top-4 left-[5px] h-full w-0.5 ${step.upcoming ? "bg-slate-200" : "bg-indigo-200"}`} /> : null}
            <span
              aria-hidden="true"
              className={`relative mt-1.5 size-3 shrink-0 rounded-full ${step.upcoming ? "border-2 border-slate-300 bg-white" : "bg-indigo-600"}`}
            />
            <div className={step.upcoming ? "text-slate-500" : "text-slate-900"}>
              <p className="font-medium">
                {step.upcoming ? <span className="sr-only">Upcoming: </span> : null}
                {step.label}
              </p>
              <p className="text-sm text-slate-600">
                {formatDateTime(step.at)}
                {step.by ? ` · ${step.by}` : ""}
              </p>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
