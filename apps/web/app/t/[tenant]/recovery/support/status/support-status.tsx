"use client";

import { type FormEvent, useEffect, useState } from "react";
import { describedByFormError, FormErrorAlert } from "@/components/form-field";
import { useFocusBackWhenDone } from "@/components/submit-button";
import { Alert, buttonStyles, TextAreaField, TextLink } from "@/components/ui";
import { useFragmentToken } from "@/components/use-fragment-token";
import { formatDateTime } from "@/lib/format";
import type { FormError } from "@/lib/form-state";
import { replyToSupportAction, type SupportTicketView, supportStatusAction } from "@/server/actions/support";

type Props = { tenant: string; newRequestHref: string };

function stateWords(view: SupportTicketView): { tone: "info" | "success" | "warning"; title: string; body: string } {
  switch (view.state) {
    case "waiting":
      return {
        tone: "info",
        title: "Waiting",
        body: `The waiting period ends ${formatDateTime(view.waitingUntil)}. Until then nobody can approve it, and the account’s owner can cancel it.`,
      };
    case "under-review":
      return { tone: "info", title: "Under review", body: "A person on our support team is looking at your request. They may ask you questions here." };
    case "approved":
      return {
        tone: "success",
        title: "Approved: check your email for the recovery link",
        body: "Open the link from that email to get back into your account. It works once, for a short time.",
      };
    case "denied":
      return { tone: "warning", title: "Denied", body: "Support could not confirm that the account is yours." };
    case "cancelled":
      return {
        tone: "info",
        title: "Cancelled",
        body: "Someone used the cancel link we sent to the account’s email or phone, or the owner signed in. Nobody can finish this request.",
      };
    case "completed":
      return { tone: "success", title: "Completed", body: "The account was recovered with the link from this request." };
    case "expired":
      return { tone: "info", title: "Closed", body: "This request ran out of time. If you still need help, make a new one." };
  }
}

export function SupportStatus({ tenant, newRequestHref }: Props) {
  const fragment = useFragmentToken();
  const [view, setView] = useState<SupportTicketView | null>(null);
  const [error, setError] = useState<FormError | null>(null);
  const token = fragment.status === "found" ? fragment.token : null;
  const { forget } = fragment;

  useEffect(() => {
    if (!token) return;
    let current = true;
    void supportStatusAction(tenant, token).then((result) => {
      if (!current) return;
      if (result.ok) setView(result.value);
      else setError(result.error);
    });
    return () => {
      current = false;
    };
  }, [tenant, token]);

  const badLink = error?.code === "TOKEN_INVALID" || error?.code === "NOT_FOUND";
  useEffect(() => {
    if (badLink) forget();
  }, [badLink, forget]);

  if (fragment.status === "missing") {
    return (
      <Alert tone="error" title="This link is incomplete.">
        Open the whole link you saved when you sent your request. Without it we cannot show the request.
      </Alert>
    );
  }
  if (error) {
    return (
      <Alert tone="error" title={badLink ? "We could not find that request." : error.message}>
        {badLink ? (
          <p>
            Check that you opened the whole link you were given. If you lost it, <TextLink href={newRequestHref}>make a new request</TextLink>.
          </p>
        ) : null}
      </Alert>
    );
  }
  if (!view || !token) return <p className="text-slate-700">Opening your request…</p>;

  const words = stateWords(view);
  return (
    <div className="space-y-6">
      <div className="space-y-3">
        <p className="text-slate-700">
          Reference <span className="font-mono font-medium text-slate-900">{view.reference}</span>, sent {formatDateTime(view.createdAt)}.
        </p>
        <Alert tone={words.tone} title={words.title}>
          <p>{words.body}</p>
          {view.state === "denied" && view.denialNote ? <p className="mt-2 break-words whitespace-pre-wrap">{view.denialNote}</p> : null}
          {view.decidedAt && (view.state === "approved" || view.state === "denied") ? (
            <p className="mt-2 text-sm">Decided {formatDateTime(view.decidedAt)}.</p>
          ) : null}
        </Alert>
        {view.state === "denied" || view.state === "cancelled" || view.state === "expired" ? (
          <p>
            <TextLink href={newRequestHref}>Make a new request</TextLink>
          </p>
        ) : null}
      </div>
      <Thread view={view} />
      {view.canReply ? <ReplyForm tenant={tenant} token={token} onSent={setView} /> : null}
    </div>
  );
}

function Thread({ view }: { view: SupportTicketView }) {
  return (
    <section aria-labelledby="thread-heading" className="space-y-3">
      <h2 id="thread-heading" className="text-lg font-semibold">
        Messages
      </h2>
      {view.messages.length === 0 ? (
        <p className="text-slate-700">No messages yet. If support has a question, it appears here{view.canReply ? ", and you can answer below" : ""}.</p>
      ) : (
        <ol className="space-y-3">
          {view.messages.map((message) => (
            <li key={message.id} className={`rounded-lg p-3 ring-1 ${message.from === "support" ? "bg-sky-50 ring-sky-200" : "bg-white ring-slate-200"}`}>
              <p className="text-sm text-slate-600">
                <span className="font-medium text-slate-900">{message.from === "support" ? "Support" : "You"}</span>, {formatDateTime(message.createdAt)}
              </p>
              {/* Plain text from a stranger or from staff: rendered as text, never as HTML. */}
              <p className="mt-1 whitespace-pre-wrap break-words text-slate-900">{message.body}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function ReplyForm({ tenant, token, onSent }: { tenant: string; token: string; onSent: (view: SupportTicketView) => void }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  const [sent, setSent] = useState(false);
  const button = useFocusBackWhenDone(pending);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const body = String(new FormData(form).get("body") ?? "");
    setPending(true);
    setError(null);
    setSent(false);
    const result = await replyToSupportAction(tenant, token, body);
    setPending(false);
    if (result.ok) {
      form.reset();
      setSent(true);
      onSent(result.value);
      return;
    }
    setError(result.error);
  }

  const errorId = "reply-error";
  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-4" noValidate aria-labelledby="reply-heading">
      <h2 id="reply-heading" className="text-lg font-semibold">
        Write to support
      </h2>
      {sent ? <Alert tone="success" title="Message sent." /> : null}
      <FormErrorAlert error={error} id={errorId} withDetails />
      <TextAreaField
        id="body"
        name="body"
        label="Your message"
        hint="Plain text. Never write a password or a code: support will not ask for them."
        required
        maxLength={2000}
        rows={4}
        describedBy={describedByFormError(error, errorId)}
        invalid={!!error}
      />
      <button ref={button} type="submit" className={buttonStyles.primary} disabled={pending}>
        Send message
      </button>
    </form>
  );
}
