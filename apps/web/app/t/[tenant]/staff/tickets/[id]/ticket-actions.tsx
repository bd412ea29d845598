"use client";

import { type FormEvent, useRef, useState } from "react";
import { FormDialog } from "@/components/form-dialog";
import { FormErrorAlert } from "@/components/form-field";
import { TextArea } from "@/components/staff-ui";
import { Alert, buttonStyles } from "@/components/ui";
import { useAction } from "@/components/use-action";
import { approveTicketAction, denyTicketAction, messageTicketAction, type ReviewKind, reviewTicketAction } from "@/server/actions/desk";

type Props = { tenant: string; ticketId: string; returnPath: string };

/** An agent's recommendation or a staff-only note, with the reason that goes into the audit trail. */
export function ReviewForm({ tenant, ticketId, returnPath }: Props) {
  const { error, pending, run } = useAction(tenant, returnPath);
  const [reason, setReason] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const kinds: Record<ReviewKind, string> = { recommend_approve: "Recommendation to approve recorded.", recommend_deny: "Recommendation to deny recorded.", note: "Note added." };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const kind = (submitter instanceof HTMLButtonElement ? submitter.value : "note") as ReviewKind;
    setDone(null);
    const result = await run(() => reviewTicketAction(tenant, ticketId, kind, reason));
    if (result) {
      setReason("");
      setDone(kinds[kind]);
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-4">
      <FormErrorAlert error={error} withDetails />
      {done ? <Alert tone="success" title={done} /> : null}
      <TextArea
        id="review-reason"
        name="reason"
        label="Your reasoning"
        hint="Staff only: the person never sees it. Say what in the evidence convinced you."
        required
        maxLength={1000}
        value={reason}
        onChange={setReason}
      />
      <div className="flex flex-col gap-3 sm:flex-row sm:flex-wrap">
        <button type="submit" name="kind" value="recommend_approve" className={buttonStyles.primary} disabled={pending}>
          Recommend approval
        </button>
        <button type="submit" name="kind" value="recommend_deny" className={buttonStyles.danger} disabled={pending}>
          Recommend denial
        </button>
        <button type="submit" name="kind" value="note" className={buttonStyles.secondary} disabled={pending}>
          Add note
        </button>
      </div>
    </form>
  );
}

/** A message the person reads on their request's status page, as plain text. */
export function MessageForm({ tenant, ticketId, returnPath }: Props) {
  const { error, pending, run } = useAction(tenant, returnPath);
  const [body, setBody] = useState("");
  const [sent, setSent] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSent(false);
    if (await run(() => messageTicketAction(tenant, ticketId, body))) {
      setBody("");
      setSent(true);
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-4">
      <FormErrorAlert error={error} withDetails />
      {sent ? <Alert tone="success" title="Message sent." /> : null}
      <TextArea
        id="message-body"
        name="body"
        label="Message to the person"
        hint="They read it on their request's page. Ask for details, never for a password or a code."
        required
        maxLength={2000}
        value={body}
        onChange={setBody}
      />
      <button type="submit" className={buttonStyles.secondary} disabled={pending}>
        Send message
      </button>
    </form>
  );
}

type DecisionProps = Props & {
  canApprove: boolean;
  canDeny: boolean;
  approveBlockedBecause: string | null;
  needsSecondApprover: boolean;
  firstApprover: string | null;
  email: string;
  replyEmail: string | null;
};

/** Approve and deny, each confirmed in a dialog with its reason; both need a fresh step-up. */
export function DecisionForms({ tenant, ticketId, returnPath, canApprove, canDeny, approveBlockedBecause, needsSecondApprover, firstApprover, email, replyEmail }: DecisionProps) {
  const approve = useAction(tenant, returnPath);
  const deny = useAction(tenant, returnPath);
  const [outcome, setOutcome] = useState<string | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  // The link may go to the reply address only where two people approve: one person alone must
  // not be able to send someone's account to an address the account never had.
  const offerReplyAddress = needsSecondApprover && replyEmail !== null && replyEmail !== email;

  async function submitApproval(data: FormData) {
    const sendTo = data.get("sendTo") === "reply-address" ? "reply-address" : "address-on-file";
    const result = await approve.run(() => approveTicketAction(tenant, ticketId, String(data.get("reason") ?? ""), sendTo));
    if (!result) return false;
    setOutcome(result.state === "approved" ? "Approved. The recovery link is on its way." : "Your approval is recorded. A second lead must approve too.");
    return true;
  }

  async function submitDenial(data: FormData) {
    const result = await deny.run(() => denyTicketAction(tenant, ticketId, String(data.get("reason") ?? ""), String(data.get("explanation") ?? "")));
    if (!result) return false;
    setOutcome("Denied. The person has been told why.");
    return true;
  }

  if (!canApprove && !canDeny && !approveBlockedBecause) {
    return <p className="text-slate-600">Only a lead of this organisation can approve or deny, and only while the request is open.</p>;
  }

  return (
    <div className="space-y-4">
      {outcome ? (
        <div ref={outcomeRef}>
          <Alert tone="success" title={outcome} />
        </div>
      ) : null}
      {!canApprove && approveBlockedBecause ? (
        <p id="approve-blocked" className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-950 ring-1 ring-amber-300">
          {approveBlockedBecause}
        </p>
      ) : null}
      <div className="flex flex-col gap-3 sm:flex-row">
        <FormDialog
          triggerLabel="Approve"
          disabled={!canApprove}
          describedBy={!canApprove && approveBlockedBecause ? "approve-blocked" : undefined}
          title="Approve this request?"
          description={
            <p>
              A single-use recovery link goes to the person. Completing it removes the account&apos;s old methods and signs out every device.
              {needsSecondApprover ? (firstApprover ? ` ${firstApprover} approved first; yours is the second approval.` : " This request needs a second lead to approve too.") : ""}
            </p>
          }
          confirmLabel="Approve"
          onSubmit={submitApproval}
          error={approve.error}
          pending={approve.pending}
        >
          <TextArea id="approve-reason" name="reason" label="Reason for approving" hint="Kept in the staff log." required maxLength={1000} />
          {offerReplyAddress ? (
            <fieldset>
              <legend className="text-sm font-medium text-slate-800">Send the recovery link to</legend>
              <div className="mt-2 space-y-2">
                <label className="flex items-start gap-2">
                  <input type="radio" name="sendTo" value="address-on-file" defaultChecked className="mt-1" />
                  <span className="break-all">
                    The address on file, {email}
                  </span>
                </label>
                <label className="flex items-start gap-2">
                  <input type="radio" name="sendTo" value="reply-address" className="mt-1" />
                  <span className="break-all">
                    The reply address the person gave, {replyEmail}
                  </span>
                </label>
              </div>
            </fieldset>
          ) : null}
        </FormDialog>
        <FormDialog
          triggerLabel="Deny"
          triggerVariant="danger"
          disabled={!canDeny}
          title="Deny this request?"
          description={<p>The request ends and the person is told, with your explanation. They can open a new request later.</p>}
          confirmLabel="Deny"
          tone="danger"
          onSubmit={submitDenial}
          error={deny.error}
          pending={deny.pending}
        >
          <TextArea id="deny-reason" name="reason" label="Reason for denying" hint="Staff only; kept in the staff log." required maxLength={1000} />
          <TextArea
            id="deny-explanation"
            name="explanation"
            label="Explanation for the person"
            hint="Plain words: what was missing, and what they can do next."
            required
            maxLength={2000}
          />
        </FormDialog>
      </div>
    </div>
  );
}
