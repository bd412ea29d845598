"use client";

import { type FormEvent, useEffect, useRef, useState } from "react";
import type { Caller } from "@/server/caller";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { FormErrorAlert, FormField } from "@/components/form-field";
import { SubmitButton } from "@/components/submit-button";
import { Alert, buttonStyles, inputClass } from "@/components/ui";
import { formatDate, formatDateTime, plural } from "@/lib/format";
import { inviteContactAction, removeContactAction, setContactThresholdAction } from "@/server/actions/contacts";
import { useAction } from "@/components/use-action";

// The owner's side of trusted contacts: the list with "Send again" and "Remove" (behind a
// dialog), the invitation form and how many contacts a recovery needs. Each change needs a fresh
// step-up; useAction sends the person to "confirm it's you" and back to this section.

const returnPath = "/security#trusted-contacts";

export type OwnerContact = Awaited<ReturnType<Caller["contacts"]["list"]>>["contacts"][number];

const stateStyles: Record<OwnerContact["state"], string> = {
  invited: "bg-slate-100 text-slate-800",
  "invitation-expired": "bg-amber-100 text-amber-950",
  "cooling-off": "bg-sky-100 text-sky-900",
  usable: "bg-emerald-100 text-emerald-900",
};

const stateLabels: Record<OwnerContact["state"], string> = {
  invited: "Invited",
  "invitation-expired": "Invitation expired",
  "cooling-off": "Accepted",
  usable: "Can help",
};

function stateText(contact: OwnerContact): string {
  switch (contact.state) {
    case "invited":
      return `Invitation sent ${formatDate(contact.invitedAt)}, expires ${formatDate(contact.inviteExpiresAt)}.`;
    case "invitation-expired":
      return `Invitation expired ${formatDate(contact.inviteExpiresAt)}. Send it again, or withdraw it.`;
    case "cooling-off":
      return contact.usableFrom ? `Accepted: can help from ${formatDateTime(contact.usableFrom)}.` : "Accepted.";
    case "usable":
      return "Can help you get back in.";
  }
}

function isInvitation(contact: OwnerContact): boolean {
  return contact.state === "invited" || contact.state === "invitation-expired";
}

type Pending = { contact: OwnerContact; open: boolean };

/**
 * The list. The "are you sure" dialog belongs to the list, not to a row: the row leaves once the
 * change is made, and the dialog and its answer must not leave with it.
 */
export function ContactsList({ tenant, contacts, frozen, coolingOffDays }: { tenant: string; contacts: OwnerContact[]; frozen: boolean; coolingOffDays: number }) {
  const removal = useAction(tenant, returnPath);
  const resend = useAction(tenant, returnPath);
  const [pending, setPending] = useState<Pending | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);

  function ask(contact: OwnerContact) {
    removal.setError(null);
    setPending({ contact, open: true });
  }

  async function remove(): Promise<boolean> {
    if (!pending) return false;
    const { contact } = pending;
    const removed = await removal.run(() => removeContactAction(tenant, contact.id));
    if (!removed) return false;
    setNotice(removed.status === "withdrawn" ? `Invitation to ${contact.email} withdrawn.` : `${contact.name ?? contact.email} is no longer one of your trusted contacts.`);
    return true;
  }

  async function sendAgain(contact: OwnerContact) {
    setNotice(null);
    // The same answer whether or not the address has an account here.
    if (await resend.run(() => inviteContactAction(tenant, contact.email))) setNotice(`Invitation sent to ${contact.email}.`);
  }

  const target = pending?.contact;
  const withdrawing = target ? isInvitation(target) : false;
  const who = target ? (target.name ?? target.email) : "";

  return (
    <div className="space-y-3">
      <div ref={noticeRef} tabIndex={-1} className="empty:hidden">
        {notice ? <Alert tone="success" title={notice} /> : null}
      </div>
      <FormErrorAlert error={resend.error} />
      {contacts.length === 0 ? (
        <p className="rounded-lg p-4 text-slate-700 ring-1 ring-slate-200">You have no trusted contacts yet.</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg ring-1 ring-slate-200">
          {contacts.map((contact) => (
            <li key={contact.id} className="space-y-3 p-4">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <div className="min-w-0">
                  <h3 className="font-semibold break-words">{contact.name ?? contact.email}</h3>
                  {contact.name ? <p className="text-sm break-words text-slate-600">{contact.email}</p> : null}
                </div>
                <span className={`rounded-full px-2.5 py-0.5 text-sm font-medium ${stateStyles[contact.state]}`}>{stateLabels[contact.state]}</span>
              </div>
              <p className="text-sm text-slate-700">{stateText(contact)}</p>
              {isInvitation(contact) || !frozen ? (
                <div className="flex flex-wrap gap-3">
                  {contact.state === "invitation-expired" ? (
                    <button
                      type="button"
                      className={buttonStyles.secondary}
                      aria-label={`Send the invitation to ${contact.email} again`}
                      disabled={resend.pending}
                      onClick={() => void sendAgain(contact)}
                    >
                      Send again
                    </button>
                  ) : null}
                  {isInvitation(contact) ? (
                    <button type="button" className={buttonStyles.danger} aria-label={`Withdraw the invitation to ${contact.email}`} onClick={() => ask(contact)}>
                      Withdraw invitation
                    </button>
                  ) : (
                    <button type="button" className={buttonStyles.danger} aria-label={`Remove ${contact.name ?? contact.email}`} onClick={() => ask(contact)}>
                      Remove
                    </button>
                  )}
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={pending?.open ?? false}
        onOpenChange={(open) => setPending((current) => (current ? { ...current, open } : null))}
        title={withdrawing ? `Withdraw the invitation to ${target?.email ?? ""}?` : `Remove ${who}?`}
        confirmLabel={withdrawing ? "Withdraw invitation" : "Remove"}
        onConfirm={remove}
        error={removal.error?.message ?? null}
        focusAfterDone={() => noticeRef.current}
      >
        {withdrawing ? (
          <p>The link in their email stops working. You can invite them again later.</p>
        ) : (
          <>
            <p>{who} will no longer be able to help you get back into your account.</p>
            <p>
              To add them again you would send a new invitation, and they could help only {plural(coolingOffDays, "day", "days")} after
              accepting it.
            </p>
          </>
        )}
      </ConfirmDialog>
    </div>
  );
}

// The address typed before "confirm it's you" took the person away, for the form they come back to.
const draftKey = "rekey.contact-invite-draft";

/** "Invitation sent to <email>." whether or not the address has an account here. */
export function AddContactForm({ tenant, coolingOffDays }: { tenant: string; coolingOffDays: number }) {
  const { error, pending, run } = useAction(tenant, returnPath);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [draft, setDraft] = useState("");
  const errorId = "add-contact-error";

  useEffect(() => {
    const saved = sessionStorage.getItem(draftKey);
    sessionStorage.removeItem(draftKey);
    if (saved) setDraft(saved);
  }, []);

  async function invite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const email = String(new FormData(form).get("email") ?? "").trim();
    setSentTo(null);
    const invited = await run(async () => {
      const result = await inviteContactAction(tenant, email);
      // useAction is about to send the person to "confirm it's you" and back here.
      if (!result.ok && result.error.code === "STEP_UP_REQUIRED") sessionStorage.setItem(draftKey, email);
      return result;
    });
    if (invited) {
      setSentTo(email);
      setDraft("");
      form.reset();
    }
  }

  return (
    <form onSubmit={invite} className="space-y-4">
      {sentTo ? (
        <Alert tone="success" title={`Invitation sent to ${sentTo}.`}>
          They have 14 days to accept, signed in to an account here with that address. Once they accept, they can help after{" "}
          {plural(coolingOffDays, "day", "days")}.
        </Alert>
      ) : null}
      <FormErrorAlert error={error} id={errorId} withDetails />
      <FormField
        id="contact-email"
        name="email"
        type="email"
        label="Email address"
        autoComplete="off"
        spellCheck={false}
        maxLength={254}
        hint="Someone you trust and can reach by phone or in person. They get an email to accept or decline."
        required
        // Keyed on the draft, so an address kept across "confirm it's you" fills the field.
        key={draft}
        defaultValue={draft}
        formError={error}
        errorId={errorId}
        invalid={error !== null && error.code === "BAD_REQUEST"}
      />
      <SubmitButton variant="secondary" pending={pending}>
        Send invitation
      </SubmitButton>
    </form>
  );
}

export function ThresholdForm({ tenant, threshold, minThreshold, max }: { tenant: string; threshold: number; minThreshold: number; max: number }) {
  const { error, pending, run } = useAction(tenant, returnPath);
  const [saved, setSaved] = useState<number | null>(null);
  const errorId = "threshold-error";
  const choices = Array.from({ length: max - minThreshold + 1 }, (_, index) => minThreshold + index);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const chosen = Number(new FormData(event.currentTarget).get("threshold"));
    setSaved(null);
    const answer = await run(() => setContactThresholdAction(tenant, chosen));
    if (answer) setSaved(answer.threshold);
  }

  return (
    <form onSubmit={save} className="space-y-4">
      {saved !== null ? <Alert tone="success" title={`A recovery now needs codes from ${plural(saved, "contact", "contacts")}.`} /> : null}
      <FormErrorAlert error={error} id={errorId} />
      <div>
        <label htmlFor="contact-threshold" className="block text-sm font-medium text-slate-800">
          Codes needed from
        </label>
        <select
          id="contact-threshold"
          name="threshold"
          // Keyed on the saved value, so a refresh after saving shows the new choice.
          key={threshold}
          defaultValue={threshold}
          className={`mt-1.5 ${inputClass} sm:w-auto`}
          aria-describedby={["threshold-hint", error ? errorId : null].filter(Boolean).join(" ")}
        >
          {choices.map((count) => (
            <option key={count} value={count}>
              {plural(count, "contact", "contacts")}
            </option>
          ))}
        </select>
        <p id="threshold-hint" className="mt-1.5 text-sm text-slate-600">
          More is safer: one person tricked into helping is not enough. Fewer is easier if some cannot be reached. At least{" "}
          {minThreshold} here.
        </p>
      </div>
      <SubmitButton variant="secondary" pending={pending}>
        Save the number needed
      </SubmitButton>
    </form>
  );
}
