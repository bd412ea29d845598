"use client";

import { type FormEvent, useEffect, useRef, useState } from "react";
import { FormErrorAlert } from "@/components/form-field";
import { useFocusBackWhenDone } from "@/components/submit-button";
import { Alert, buttonStyles, Field, focusRing, inputClass, TextAreaField } from "@/components/ui";
import { formatDateTime } from "@/lib/format";
import type { FormError } from "@/lib/form-state";
import { openSupportTicketAction } from "@/server/actions/support";

type Props = { tenant: string; questions: string[]; statusPath: string };
type Opened = { reference: string; statusUrl: string; waitingUntil: Date };

// The labels errors.ts puts before a field's reason, so the field itself is marked invalid too.
const labels = {
  email: "Email",
  whatHappened: "What happened",
  lastSignIn: "Last sign-in",
  devicesAndPlaces: "Devices and places",
  answers: "Answers",
  replyEmail: "Reply address",
} as const;

export function SupportRequestForm({ tenant, questions, statusPath }: Props) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  const [opened, setOpened] = useState<Opened | null>(null);
  const button = useFocusBackWhenDone(pending);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? "");
    setPending(true);
    setError(null);
    const result = await openSupportTicketAction(tenant, {
      email: text("email"),
      whatHappened: text("whatHappened"),
      lastSignIn: text("lastSignIn"),
      devicesAndPlaces: text("devicesAndPlaces"),
      answers: questions.map((_, index) => text(`answer-${index}`)),
      replyEmail: text("replyEmail").trim(),
    });
    setPending(false);
    if (result.ok) {
      const { reference, statusToken, waitingUntil } = result.value;
      setOpened({ reference, waitingUntil, statusUrl: `${window.location.origin}${statusPath}#token=${encodeURIComponent(statusToken)}` });
      return;
    }
    setError(result.error);
  }

  if (opened) return <RequestOpened opened={opened} />;

  const errorId = "support-request-error";
  const reasons = error?.details ?? [];
  const isInvalid = (field: keyof typeof labels) => reasons.some((reason) => reason.startsWith(`${labels[field]}:`));
  const describedBy = error ? [errorId] : [];
  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-5" noValidate>
      <FormErrorAlert error={error} id={errorId} withDetails />
      <Field
        id="email"
        name="email"
        label="Email address of the account"
        type="email"
        autoComplete="email"
        required
        maxLength={254}
        describedBy={describedBy}
        invalid={isInvalid("email")}
      />
      <TextAreaField
        id="whatHappened"
        name="whatHappened"
        label="What happened?"
        hint="How you lost your way in, in your own words. At least a sentence."
        required
        minLength={10}
        maxLength={2000}
        rows={5}
        describedBy={describedBy}
        invalid={isInvalid("whatHappened")}
      />
      <Field
        id="lastSignIn"
        name="lastSignIn"
        label="When did you last sign in?"
        hint="Roughly is fine, for example “last week, on my laptop”."
        autoComplete="off"
        maxLength={200}
        describedBy={describedBy}
        invalid={isInvalid("lastSignIn")}
      />
      <TextAreaField
        id="devicesAndPlaces"
        name="devicesAndPlaces"
        label="Which devices and places do you use it from?"
        hint="For example “an Android phone and a work laptop, at home in Leeds and at the office”."
        maxLength={1000}
        rows={3}
        describedBy={describedBy}
        invalid={isInvalid("devicesAndPlaces")}
      />
      {questions.map((question, index) => (
        <TextAreaField
          key={index}
          id={`answer-${index}`}
          name={`answer-${index}`}
          label={question}
          maxLength={1000}
          rows={2}
          describedBy={describedBy}
          invalid={isInvalid("answers")}
        />
      ))}
      <Field
        id="replyEmail"
        name="replyEmail"
        label="Another email address for replies (optional)"
        hint="If you can no longer read the account’s email, we tell you here when support writes to you or decides."
        type="email"
        autoComplete="email"
        maxLength={254}
        describedBy={describedBy}
        invalid={isInvalid("replyEmail")}
      />
      <button ref={button} type="submit" className={buttonStyles.primary} disabled={pending}>
        Send my request
      </button>
    </form>
  );
}

/**
 * Shown whether or not the address has an account (S5). The link is the only way back to the
 * request, and it is shown only here: nothing else knows the token.
 */
function RequestOpened({ opened }: { opened: Opened }) {
  const [copied, setCopied] = useState<"copied" | "failed" | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // The form that was here is gone, and with it the focus: bring both eyes and screen reader here.
  useEffect(() => {
    heading.current?.focus();
    heading.current?.scrollIntoView({ block: "start" });
  }, []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(opened.statusUrl);
      setCopied("copied");
    } catch {
      setCopied("failed");
    }
  }

  return (
    <div className="space-y-5">
      <h2 ref={heading} tabIndex={-1} className={`text-lg font-semibold ${focusRing} rounded-sm`}>
        Your request is sent
      </h2>
      <Alert tone="success">
        <p>
          Reference: <span className="font-mono font-medium">{opened.reference}</span>
        </p>
        <p className="mt-1">Nobody can approve it before {formatDateTime(opened.waitingUntil)}.</p>
      </Alert>
      <div className="space-y-2">
        <h3 className="font-semibold">Save this link: it is the only way to see your request</h3>
        <p className="text-slate-700">
          On your request’s page you can see where it stands and answer support’s questions. We cannot send it to you again. Keep it
          to yourself: anyone with it can read your request.
        </p>
        <label htmlFor="status-link" className="block text-sm font-medium text-slate-800">
          Link to your request
        </label>
        <input
          id="status-link"
          readOnly
          value={opened.statusUrl}
          onFocus={(event) => event.currentTarget.select()}
          className={`${inputClass} font-mono`}
        />
      </div>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center">
        <button type="button" className={buttonStyles.secondary} onClick={() => void copy()}>
          Copy link
        </button>
        {/* A full page load: the status page reads its token from the fragment as it opens. */}
        <a href={opened.statusUrl} className={buttonStyles.primary}>
          Open my request
        </a>
      </div>
      {/* Always on the page, so screen readers announce what appears in it. */}
      <div role="status" className="text-sm empty:hidden">
        {copied === "copied" ? <p className="text-emerald-800">Copied. Paste it into a note or your bookmarks.</p> : null}
        {copied === "failed" ? <p className="text-red-800">Your browser did not let us copy. Select the link and copy it yourself.</p> : null}
      </div>
    </div>
  );
}
