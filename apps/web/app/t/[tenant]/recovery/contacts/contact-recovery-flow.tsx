"use client";

import { type FormEvent, useState } from "react";
import { describedByFormError, FormErrorAlert, FormField } from "@/components/form-field";
import { PasswordField } from "@/components/password-field";
import { useFocusBackWhenDone } from "@/components/submit-button";
import { signInWith, TenantAuth } from "@/components/tenant-auth";
import { Alert, buttonStyles, TextLink } from "@/components/ui";
import { formatDateTime } from "@/lib/format";
import type { FormError } from "@/lib/form-state";
import { forgetRecoveryAction, type RecoveryView, submitRelayCodeAction } from "@/server/actions/recovery";

type Props = { tenant: string; view: RecoveryView; startHref: string; signInHref: string; afterHref: string };

const endedWords: Record<Exclude<RecoveryView["status"], "open">, { title: string; body: string }> = {
  completed: { title: "This recovery is complete.", body: "Sign in with your new details." },
  cancelled: {
    title: "This recovery was cancelled.",
    body: "Someone used the cancel link we sent to the account’s email or phone, or the owner signed in. If that was not you, start again.",
  },
  refused: {
    title: "This recovery was stopped.",
    body: "One of the trusted contacts said they had not been asked for help. If it was you, call your contacts first, then start again.",
  },
  expired: { title: "This recovery has expired.", body: "You can start a new one." },
};

export function ContactRecoveryFlow(props: Props) {
  return (
    <TenantAuth tenant={props.tenant}>
      <Flow {...props} />
    </TenantAuth>
  );
}

function Flow({ tenant, view: initial, startHref, signInHref, afterHref }: Props) {
  const [view, setView] = useState(initial);

  if (view.status !== "open") {
    const words = endedWords[view.status];
    return (
      <div className="space-y-5">
        <Alert tone={view.status === "completed" ? "success" : "info"} title={words.title}>
          {words.body}
        </Alert>
        <StartOver tenant={tenant} startHref={startHref} signInHref={signInHref} />
      </div>
    );
  }

  const enough = view.codesAccepted >= view.threshold;
  return (
    <div className="space-y-6">
      <section aria-labelledby="codes-heading" className="space-y-3">
        <h2 id="codes-heading" className="text-lg font-semibold">
          {enough ? "Your contacts vouched for you" : "Call your trusted contacts"}
        </h2>
        {enough ? null : (
          <div className="space-y-2 text-slate-700">
            <p>
              We emailed the trusted contacts of this account. Call them, on a number they know is yours, or see them in person.
              Each one signs in, confirms you asked, and reads you a code of 8 digits.
            </p>
            <p>Codes work for 15 minutes. If one runs out, your contact can show a new one.</p>
          </div>
        )}
        <Progress accepted={view.codesAccepted} needed={view.threshold} />
        {enough ? null : <CodeForm tenant={tenant} onAccepted={setView} onEnded={setView} view={view} />}
      </section>
      {enough ? <FinishSection tenant={tenant} view={view} afterHref={afterHref} /> : null}
      <p className="text-sm text-slate-600">
        Started {formatDateTime(view.startedAt)}. Without your password, this recovery can finish from {formatDateTime(view.waitingUntil)}.
      </p>
    </div>
  );
}

function Progress({ accepted, needed }: { accepted: number; needed: number }) {
  const shown = Math.min(accepted, needed);
  return (
    <div>
      <p id="codes-progress" className="font-medium">
        Codes entered: {shown} of {needed}
      </p>
      <div className="mt-2 flex gap-1" aria-hidden="true">
        {Array.from({ length: needed }, (_, index) => (
          <span key={index} className={`h-2 flex-1 rounded ${index < shown ? "bg-emerald-600" : "bg-slate-200"}`} />
        ))}
      </div>
    </div>
  );
}

function CodeForm({ tenant, view, onAccepted, onEnded }: { tenant: string; view: RecoveryView; onAccepted: (view: RecoveryView) => void; onEnded: (view: RecoveryView) => void }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  const [accepted, setAccepted] = useState(false);
  const button = useFocusBackWhenDone(pending);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const code = String(new FormData(form).get("relay-code") ?? "");
    setPending(true);
    setError(null);
    setAccepted(false);
    const result = await submitRelayCodeAction(tenant, code);
    setPending(false);
    if (result.ok) {
      form.reset();
      setAccepted(true);
      onAccepted(result.value);
      return;
    }
    const ended = result.error.details?.[0];
    if (result.error.code === "CONFLICT" && (ended === "expired" || ended === "cancelled" || ended === "refused" || ended === "completed")) {
      onEnded({ ...view, status: ended });
      return;
    }
    setError(result.error);
  }

  const errorId = "relay-code-error";
  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-4" noValidate>
      {accepted ? <Alert tone="success" title="Code accepted." /> : null}
      <FormErrorAlert error={error} id={errorId} withDetails />
      <FormField
        id="relay-code"
        name="relay-code"
        label="Code from a trusted contact"
        hint="8 digits, spaces are fine."
        inputMode="numeric"
        autoComplete="off"
        required
        formError={error}
        errorId={errorId}
        describedBy={["codes-progress"]}
        invalidOnError
      />
      <button ref={button} type="submit" className={buttonStyles.primary} disabled={pending}>
        Enter code
      </button>
    </form>
  );
}

function FinishSection({ tenant, view, afterHref }: { tenant: string; view: RecoveryView; afterHref: string }) {
  return (
    <div className="space-y-6">
      <section aria-labelledby="password-heading" className="space-y-3">
        <h2 id="password-heading" className="text-lg font-semibold">
          Finish with your password
        </h2>
        <p className="text-slate-700">One more proof that it is you: the account’s password.</p>
        <FinishForm tenant={tenant} kind="password" afterHref={afterHref} />
      </section>
      <section aria-labelledby="no-password-heading" className="space-y-3">
        <h2 id="no-password-heading" className="text-lg font-semibold">
          Don’t know your password?
        </h2>
        {view.canFinishWithoutPassword ? (
          <>
            <p className="text-slate-700">The waiting period is over and nobody cancelled. Choose a new password to finish.</p>
            <FinishForm tenant={tenant} kind="waiting-period" afterHref={afterHref} />
          </>
        ) : (
          <p className="text-slate-700">
            Then come back after {formatDateTime(view.waitingUntil)}. Until then, the account’s owner can cancel this from the
            messages we sent to every email address and phone on file. That wait is what keeps someone who only fooled your
            contacts out.
          </p>
        )}
      </section>
    </div>
  );
}

function FinishForm({ tenant, kind, afterHref }: { tenant: string; kind: "password" | "waiting-period"; afterHref: string }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  const button = useFocusBackWhenDone(pending);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const proof =
      kind === "password"
        ? { kind, password: String(data.get("current-password") ?? "") }
        : { kind, newPassword: String(data.get("new-password") ?? "") };
    setPending(true);
    setError(null);
    const refused = await signInWith("contact-recovery", { proof: JSON.stringify(proof), tenant }, afterHref);
    // A full page load, so every server component sees the new session cookie.
    if (!refused) {
      window.location.assign(afterHref);
      return;
    }
    setError(refused);
    setPending(false);
  }

  const errorId = `${kind}-finish-error`;
  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-4" noValidate>
      <FormErrorAlert error={error} id={errorId} />
      {kind === "password" ? (
        <FormField
          id="current-password"
          name="current-password"
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          formError={error}
          errorId={errorId}
          invalidOnError
        />
      ) : (
        <PasswordField
          tenant={tenant}
          id="new-password"
          name="new-password"
          label="New password"
          describedBy={describedByFormError(error, errorId)}
          errors={error?.details ?? []}
        />
      )}
      <button ref={button} type="submit" className={buttonStyles.primary} disabled={pending}>
        {kind === "password" ? "Finish with my password" : "Set new password and finish"}
      </button>
    </form>
  );
}

function StartOver({ tenant, startHref, signInHref }: { tenant: string; startHref: string; signInHref: string }) {
  const [pending, setPending] = useState(false);
  return (
    <div className="flex flex-col gap-3 sm:flex-row sm:items-center">
      <button
        type="button"
        className={buttonStyles.secondary}
        disabled={pending}
        onClick={() => {
          setPending(true);
          void forgetRecoveryAction(tenant).then(() => window.location.assign(startHref));
        }}
      >
        Start again
      </button>
      <TextLink href={signInHref}>Sign in</TextLink>
    </div>
  );
}
