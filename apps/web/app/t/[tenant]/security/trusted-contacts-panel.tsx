import { Alert } from "@/components/ui";
import type { Caller } from "@/server/caller";
import { formatDateTime, plural } from "@/lib/format";
import { AddContactForm, ContactsList, ThresholdForm } from "./trusted-contacts-forms";

// The security page's trusted contacts (the recovery ladder's third rung, after another method
// and a recovery code): who they are, where each stands, and how many a recovery needs.

/** The owner's list as the api answers it. */
export type TrustedContactsOverview = Awaited<ReturnType<Caller["contacts"]["list"]>>;

/** Contacts that take a place in the list: an expired invitation does not (core's holdsAPlace). */
function placesTaken(contacts: TrustedContactsOverview["contacts"]): number {
  return contacts.filter((contact) => contact.state !== "invitation-expired").length;
}

/** "2 of your contacts can help now; a recovery needs 2." */
export function contactsCanHelpText({ usableCount, threshold }: Pick<TrustedContactsOverview, "usableCount" | "threshold">): string {
  const now = usableCount === 0 ? "None of your contacts can help yet" : `${usableCount} of your contacts can help now`;
  return `${now}; a recovery needs ${threshold}.`;
}

export function TrustedContactsPanel({ tenant, overview }: { tenant: string; overview: TrustedContactsOverview }) {
  const { contacts, usableCount, threshold, minThreshold, max, coolingOffDays, frozenUntil } = overview;
  const isFull = placesTaken(contacts) >= max;
  return (
    <section id="trusted-contacts" aria-labelledby="trusted-contacts-heading" className="scroll-mt-4 space-y-4">
      <h2 id="trusted-contacts-heading" className="text-lg font-semibold">
        Trusted contacts
      </h2>
      <div className="space-y-2 text-slate-700">
        <p>
          If you lose your phone and your recovery codes, {threshold} of these people can help you get back in. They never see your
          account.
        </p>
        <p>
          Choose people you can reach by phone or in person. Each one accepts by email, and can help {plural(coolingOffDays, "day", "days")}{" "}
          after accepting.
        </p>
      </div>
      <p className={`rounded-lg px-4 py-3 font-medium ${usableCount >= threshold ? "bg-emerald-50 text-emerald-900" : "bg-slate-50 text-slate-800"}`}>
        {contactsCanHelpText(overview)}
        {usableCount < threshold ? <span className="block text-sm font-normal text-slate-700">Until {threshold} can help, contacts cannot get you back in.</span> : null}
      </p>
      {frozenUntil ? (
        <Alert tone="info" title="Removing trusted contacts is paused.">
          Your account was recovered recently. For your safety, contacts can be removed again from {formatDateTime(frozenUntil)}.
          Invitations can still be withdrawn.
        </Alert>
      ) : null}

      <ContactsList tenant={tenant} contacts={contacts} frozen={frozenUntil !== null} coolingOffDays={coolingOffDays} />

      <div className="space-y-4 rounded-lg p-4 ring-1 ring-slate-200">
        <h3 className="font-semibold">Add a trusted contact</h3>
        {isFull ? (
          <p className="text-slate-700">
            You have {plural(max, "trusted contact", "trusted contacts")}, the most you can have. Remove one to add someone else.
          </p>
        ) : (
          <AddContactForm tenant={tenant} coolingOffDays={coolingOffDays} />
        )}
      </div>

      <div className="space-y-4 rounded-lg p-4 ring-1 ring-slate-200">
        <h3 className="font-semibold">Contacts needed for a recovery</h3>
        {minThreshold >= max ? (
          <p className="text-slate-700">A recovery here always needs codes from {plural(max, "contact", "contacts")}.</p>
        ) : (
          <ThresholdForm tenant={tenant} threshold={threshold} minThreshold={minThreshold} max={max} />
        )}
      </div>
    </section>
  );
}
