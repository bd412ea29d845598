"use client";

import { type ReactNode, type RefObject, useEffect, useRef, useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { useAction } from "@/components/use-action";
import { focusWhenShown } from "@/components/focus-keeper";
import { Alert, buttonStyles } from "@/components/ui";
import { formatDate, formatDateTime } from "@/lib/format";
import {
  answerInvitationAction,
  leaveAsContactAction,
  refuseRecoveryAction,
  type VouchedCode,
  vouchAction,
} from "@/server/actions/contacts";
import type { Caller } from "@/server/caller";

// The contact's side: invitations to answer, the people they help, and requests for help. Each
// list keeps its own answer ("We stopped it and warned Ana.") on screen after the row it was
// about has gone, and takes focus there, so a keyboard or screen-reader user hears what happened.

type Duties = Awaited<ReturnType<Caller["helping"]["list"]>>;
export type Invitation = Duties["invitations"][number];
export type Helped = Duties["helping"][number] & { isCoolingOff: boolean };
export type HelpRequest = Duties["requests"][number];

/** Runs an action; showing a code needs a recent sign-in, so a stale session confirms it's you and comes back. */
function useRun(tenant: string) {
  return useAction(tenant, "/trusted-contacts/helping");
}

/** An answer that outlives the row it is about, focused when it changes. */
function useNotice(): { notice: string | null; show: (text: string) => void; clear: () => void; ref: RefObject<HTMLDivElement | null>; shown: number } {
  const [notice, setNotice] = useState<string | null>(null);
  const [shown, setShown] = useState(0);
  const ref = useRef<HTMLDivElement>(null);
  return {
    notice,
    shown,
    ref,
    show: (text) => {
      setNotice(text);
      setShown((count) => count + 1);
    },
    clear: () => setNotice(null),
  };
}

function Notice({ notice, noticeRef }: { notice: string | null; noticeRef: RefObject<HTMLDivElement | null> }) {
  return (
    <div ref={noticeRef} tabIndex={-1} className="empty:hidden">
      {notice ? <Alert tone="success" title={notice} /> : null}
    </div>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-3">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

function who(person: Invitation["owner"]): string {
  return `${person.name} (${person.email})`;
}

export function InvitationsSection({ tenant, invitations }: { tenant: string; invitations: Invitation[] }) {
  const { error, pending, run } = useRun(tenant);
  const { notice, show, ref, shown } = useNotice();

  // The buttons just pressed leave with their invitation: the answer takes focus instead.
  useEffect(() => {
    if (shown > 0) ref.current?.focus();
  }, [shown, ref]);

  async function answer(invitation: Invitation, choice: "accept" | "decline") {
    const answered = await run(() => answerInvitationAction(tenant, invitation.contactId, choice));
    if (!answered) return;
    show(
      answered.status === "accepted"
        ? `You are now a trusted contact of ${invitation.owner.name}. You can help them from ${formatDateTime(answered.usableFrom ?? new Date())}.`
        : `You declined ${invitation.owner.name}’s invitation.`,
    );
  }

  if (invitations.length === 0 && !notice) return null;
  return (
    <Section id="invitations-heading" title="Invitations">
      <Notice notice={notice} noticeRef={ref} />
      {error ? <Alert tone="error" title={error.message} /> : null}
      {invitations.length > 0 ? (
        <ul className="space-y-3">
          {invitations.map((invitation) => (
            <li key={invitation.contactId} className="space-y-3 rounded-lg p-4 ring-1 ring-slate-200">
              <h3 className="font-semibold break-words">{who(invitation.owner)} asked you to be a trusted contact</h3>
              <div className="space-y-2 text-slate-700">
                <p>
                  If {invitation.owner.name} ever loses access to their account, they may call you and ask you to confirm it is them. You
                  would then read them a short code from this page.
                </p>
                <p>Being a contact gives you no access to their account. If you do not know this person, decline.</p>
              </div>
              <p className="text-sm text-slate-600">
                Sent {formatDate(invitation.invitedAt)}, open until {formatDate(invitation.expiresAt)}.
              </p>
              <div className="flex flex-wrap gap-3">
                <button
                  type="button"
                  className={buttonStyles.primary}
                  disabled={pending}
                  aria-label={`Accept ${invitation.owner.name}’s invitation`}
                  onClick={() => void answer(invitation, "accept")}
                >
                  Accept
                </button>
                <button
                  type="button"
                  className={buttonStyles.secondary}
                  disabled={pending}
                  aria-label={`Decline ${invitation.owner.name}’s invitation`}
                  onClick={() => void answer(invitation, "decline")}
                >
                  Decline
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </Section>
  );
}

export function HelpingSection({ tenant, helping }: { tenant: string; helping: Helped[] }) {
  const { error, setError, run } = useRun(tenant);
  const { notice, show, clear, ref } = useNotice();
  const [leaving, setLeaving] = useState<{ contact: Helped; open: boolean } | null>(null);

  async function leave(): Promise<boolean> {
    if (!leaving) return false;
    const { contact } = leaving;
    if (!(await run(() => leaveAsContactAction(tenant, contact.contactId)))) return false;
    show(`You are no longer ${contact.owner.name}’s trusted contact. We told them.`);
    return true;
  }

  const name = leaving?.contact.owner.name ?? "";
  return (
    <Section id="helping-heading" title="People you help">
      <Notice notice={notice} noticeRef={ref} />
      {helping.length === 0 ? (
        <p className="rounded-lg p-4 text-slate-700 ring-1 ring-slate-200">
          Nobody yet. When someone chooses you as a trusted contact, their invitation appears on this page.
        </p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg ring-1 ring-slate-200">
          {helping.map((contact) => (
            <li key={contact.contactId} className="space-y-3 p-4">
              <div className="min-w-0">
                <h3 className="font-semibold break-words">{contact.owner.name}</h3>
                <p className="text-sm break-words text-slate-600">{contact.owner.email}</p>
              </div>
              <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
                <dt className="text-slate-600">Their contact since</dt>
                <dd>{formatDate(contact.acceptedAt)}</dd>
                {contact.isCoolingOff ? (
                  <>
                    <dt className="text-slate-600">Can help from</dt>
                    <dd>{formatDateTime(contact.usableFrom)}</dd>
                  </>
                ) : null}
              </dl>
              <button
                type="button"
                className={buttonStyles.danger}
                aria-label={`Stop being ${contact.owner.name}’s contact`}
                onClick={() => {
                  setError(null);
                  clear();
                  setLeaving({ contact, open: true });
                }}
              >
                Stop being their contact
              </button>
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={leaving?.open ?? false}
        onOpenChange={(open) => setLeaving((current) => (current ? { ...current, open } : null))}
        title={`Stop being ${name}’s trusted contact?`}
        confirmLabel="Stop being their contact"
        onConfirm={leave}
        error={error?.message ?? null}
        focusAfterDone={() => ref.current}
      >
        <p>You will no longer be able to help {name} get back into their account, and we will tell them.</p>
        <p>Only {name} can invite you again.</p>
      </ConfirmDialog>
    </Section>
  );
}


/**
 * The relay code, only ever from the action's answer (client state): never in a URL or in the
 * server-rendered page. Big and spaced to read out; digit by digit for a screen reader.
 */
function RelayCode({ vouched, onDone }: { vouched: VouchedCode; onDone: () => void }) {
  const digits = vouched.code.replace(/\D/g, "").split("").join(" ");
  return (
    <div ref={focusWhenShown} tabIndex={-1} className="space-y-3 rounded-lg bg-slate-50 p-4 ring-1 ring-slate-300">
      <p className="text-sm font-medium text-slate-700">Code for {vouched.ownerName}</p>
      <p className="font-mono text-3xl font-semibold tracking-[0.2em] text-slate-900 sm:text-5xl" data-testid="relay-code">
        <span aria-hidden="true">{vouched.code}</span>
        <span className="sr-only">{digits}</span>
      </p>
      <p className="text-slate-800">Valid until {formatDateTime(vouched.expiresAt)}.</p>
      <p className="font-medium text-slate-900">Read it to them by phone or in person. Never send it by message or email.</p>
      <button type="button" className={buttonStyles.secondary} onClick={onDone}>
        I have read it to them
      </button>
    </div>
  );
}

function RequestRow({ tenant, request, onRefuse }: { tenant: string; request: HelpRequest; onRefuse: () => void }) {
  const { error, pending, run } = useRun(tenant);
  const [vouched, setVouched] = useState<VouchedCode | null>(null);
  const [read, setRead] = useState(false);
  const { name } = request.owner;

  async function vouch() {
    setRead(false);
    const answer = await run(() => vouchAction(tenant, request.recoveryId));
    if (answer) setVouched(answer);
  }

  return (
    <li className="space-y-4 rounded-lg p-4 ring-1 ring-amber-300">
      <div>
        <h3 className="font-semibold break-words">{name} may need your help</h3>
        <p className="text-sm break-words text-slate-600">
          Someone asked to get back into the account of {who(request.owner)} on {formatDateTime(request.startedAt)}.
        </p>
      </div>
      {request.state === "code-used" ? (
        <div className="space-y-3">
          <p className="text-slate-800">{name} used your code. Nothing more is needed from you.</p>
          <p className="text-slate-800">If you now think it was not really {name} who asked, you can still stop the recovery.</p>
          <button type="button" className={buttonStyles.danger} onClick={onRefuse}>
            It was not {name}: stop the recovery
          </button>
        </div>
      ) : vouched ? (
        <RelayCode
          vouched={vouched}
          onDone={() => {
            setVouched(null);
            setRead(true);
          }}
        />
      ) : (
        <>
          {read ? (
            <p ref={focusWhenShown} tabIndex={-1} className="text-slate-800">
              Thank you. If {name} did not catch it, you can show a new code: the one you read out then stops working.
            </p>
          ) : null}
          <Alert tone="warning" title={`Only help if ${name} asked you themself.`}>
            <p>
              Call them on a number you already know, or speak in person. A message, even from their address, may come from someone
              else.
            </p>
          </Alert>
          {request.state === "code-shown" && request.codeExpiresAt && !read ? (
            <p className="text-sm text-slate-700">
              You showed a code that works until {formatDateTime(request.codeExpiresAt)}. If they did not get it, show a new one: the old
              one stops working.
            </p>
          ) : null}
          {error ? <Alert tone="error" title={error.message} /> : null}
          <div className="flex flex-col gap-3 sm:flex-row sm:flex-wrap">
            <button type="button" className={buttonStyles.primary} disabled={pending} onClick={() => void vouch()}>
              Yes, {name} asked me for help
            </button>
            <button type="button" className={buttonStyles.danger} disabled={pending} onClick={onRefuse}>
              No, they did not ask me
            </button>
          </div>
        </>
      )}
    </li>
  );
}

export function RequestsSection({ tenant, requests }: { tenant: string; requests: HelpRequest[] }) {
  const { error, setError, run } = useRun(tenant);
  const { notice, show, clear, ref } = useNotice();
  const [refusing, setRefusing] = useState<{ request: HelpRequest; open: boolean } | null>(null);

  async function refuse(): Promise<boolean> {
    if (!refusing) return false;
    const { request } = refusing;
    if (!(await run(() => refuseRecoveryAction(tenant, request.recoveryId)))) return false;
    show(`We stopped it and warned ${request.owner.name}.`);
    return true;
  }

  // Kept while its dialog is open: the refusal empties the list before its answer arrives.
  if (requests.length === 0 && !notice && !refusing?.open) return null;
  const name = refusing?.request.owner.name ?? "";
  return (
    <Section id="requests-heading" title="Requests for help">
      <Notice notice={notice} noticeRef={ref} />
      {requests.length > 0 ? (
        <ul className="space-y-3">
          {requests.map((request) => (
            <RequestRow
              key={request.recoveryId}
              tenant={tenant}
              request={request}
              onRefuse={() => {
                setError(null);
                clear();
                setRefusing({ request, open: true });
              }}
            />
          ))}
        </ul>
      ) : null}
      <ConfirmDialog
        open={refusing?.open ?? false}
        onOpenChange={(open) => setRefusing((current) => (current ? { ...current, open } : null))}
        title={`${name} did not ask you for help?`}
        confirmLabel="Stop this recovery"
        onConfirm={refuse}
        error={error?.message ?? null}
        focusAfterDone={() => ref.current}
      >
        <p>Then someone else may be trying to get into {name}’s account.</p>
        <p>We will stop this recovery at once and warn {name}. Nobody gets a code from you.</p>
      </ConfirmDialog>
    </Section>
  );
}
