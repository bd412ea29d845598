"use client";

import { useAction } from "@/components/use-action";
import { useRouter } from "next/navigation";
import { type FormEvent, type ReactNode, useState } from "react";
import { focusWhenShown } from "@/components/focus-keeper";
import { RecoveryCodesSheet } from "@/components/recovery-codes-sheet";
import { cooldownText, useCountdown } from "@/components/second-factor-methods";
import { SubmitButton } from "@/components/submit-button";
import { Alert, buttonStyles, Field } from "@/components/ui";
import { registerWith, webAuthnFailure } from "@/components/webauthn";
import type { FormError } from "@/lib/form-state";
import { tenantHref } from "@/lib/tenant-href";
import {
  activatePhoneAction,
  activateTotpAction,
  addPhoneAction,
  registerWebAuthnAction,
  removeFactorAction,
  renameFactorAction,
  resendPhoneCodeAction,
  startTotpAction,
  type FactorActivation,
  type TotpEnrolment,
  type WebAuthnKind,
  webAuthnRegistrationOptionsAction,
} from "@/server/actions/factors";
import { type IssuedRecoveryCodes, regenerateRecoveryCodesAction } from "@/server/actions/recovery-codes";

const linkButton = "font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900";

/**
 * After a method was verified: the account's first one waits for its recovery codes (S21), so the
 * person goes on to save them; a further one is on at once. Answers whether it is on.
 */
function useAfterActivation(tenant: string) {
  const router = useRouter();
  return (activation: FactorActivation): boolean => {
    if (activation.status === "active") return true;
    router.push(tenantHref(tenant, "/recovery-codes/setup"));
    return false;
  };
}

export function ErrorAlert({ error, id }: { error: FormError | null; id?: string }) {
  return error ? <Alert tone="error" id={id} title={error.message} /> : null;
}

function Panel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="space-y-4 rounded-lg p-4 ring-1 ring-slate-200">
      <h3 className="font-semibold">{title}</h3>
      {children}
    </div>
  );
}

export function FactorActions({ tenant, factorId, name, isLast }: { tenant: string; factorId: string; name: string; isLast: boolean }) {
  const { error, pending, run } = useAction(tenant);
  const [mode, setMode] = useState<"idle" | "rename" | "remove">("idle");

  async function onRename(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const newName = String(new FormData(event.currentTarget).get("name") ?? "").trim();
    if (await run(() => renameFactorAction(tenant, factorId, newName))) setMode("idle");
  }

  return (
    <div className="space-y-3">
      <ErrorAlert error={error} />
      {mode === "rename" ? (
        <form onSubmit={onRename} className="space-y-3">
          <Field id={`rename-${factorId}`} name="name" label="Name" defaultValue={name} maxLength={60} required autoFocus />
          <div className="flex flex-wrap gap-3">
            <button type="submit" className={buttonStyles.primary} disabled={pending}>
              Save
            </button>
            <button type="button" className={buttonStyles.secondary} onClick={() => setMode("idle")}>
              Cancel
            </button>
          </div>
        </form>
      ) : mode === "remove" ? (
        <div className="space-y-3">
          <Alert tone="info" title={`Remove ${name}?`}>
            {isLast
              ? "This is your last method: two-step verification turns off, and only your password will protect your account."
              : "You will no longer be able to use it to sign in."}
          </Alert>
          <div className="flex flex-wrap gap-3">
            <button type="button" className={buttonStyles.danger} disabled={pending} onClick={() => void run(() => removeFactorAction(tenant, factorId))}>
              {isLast ? "Remove and turn off two-step verification" : "Remove"}
            </button>
            <button type="button" className={buttonStyles.secondary} onClick={() => setMode("idle")}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="flex flex-wrap gap-3">
          <button type="button" className={buttonStyles.secondary} aria-label={`Rename ${name}`} onClick={() => setMode("rename")}>
            Rename
          </button>
          <button type="button" className={buttonStyles.danger} aria-label={`Remove ${name}`} onClick={() => setMode("remove")}>
            Remove
          </button>
        </div>
      )}
    </div>
  );
}

const webAuthnTexts: Record<WebAuthnKind, { button: string; title: string; about: string }> = {
  passkey: {
    button: "Add passkey",
    title: "Passkey",
    about: "Sign in with your fingerprint, face or screen lock instead of a password. The strongest choice.",
  },
  "security-key": {
    button: "Add security key",
    title: "Security key",
    about: "A hardware key you touch after entering your password.",
  },
};

export function AddWebAuthn({ tenant, kind }: { tenant: string; kind: WebAuthnKind }) {
  const { error, setError, pending, run } = useAction(tenant);
  const [added, setAdded] = useState<string | null>(null);
  const afterActivation = useAfterActivation(tenant);
  const texts = webAuthnTexts[kind];

  async function add() {
    setAdded(null);
    const options = await run(() => webAuthnRegistrationOptionsAction(tenant, kind));
    if (!options) return;
    let response: Record<string, unknown>;
    try {
      response = await registerWith(options);
    } catch (failure) {
      setError(webAuthnFailure(failure));
      return;
    }
    const registered = await run(() => registerWebAuthnAction(tenant, kind, response));
    if (registered && afterActivation(registered)) setAdded(registered.name);
  }

  return (
    <Panel title={texts.title}>
      <p className="text-slate-700">{texts.about}</p>
      <ErrorAlert error={error} />
      {added ? <Alert tone="success" title={`Added ${added}.`} /> : null}
      <button type="button" className={buttonStyles.secondary} disabled={pending} onClick={() => void add()}>
        {texts.button}
      </button>
    </Panel>
  );
}

export function AddTotp({ tenant }: { tenant: string }) {
  const { error, pending, run } = useAction(tenant);
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [done, setDone] = useState(false);
  const afterActivation = useAfterActivation(tenant);
  const errorId = "totp-error";

  async function start() {
    setDone(false);
    const started = await run(() => startTotpAction(tenant));
    if (started) setEnrolment(started);
  }

  async function activate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!enrolment) return;
    const code = String(new FormData(event.currentTarget).get("code") ?? "").replace(/\s+/g, "");
    const activated = await run(() => activateTotpAction(tenant, enrolment.factorId, code));
    if (activated && afterActivation(activated)) {
      setEnrolment(null);
      setDone(true);
    }
  }

  return (
    <Panel title="Authenticator app">
      {done ? <Alert tone="success" title="Your authenticator app is on." /> : null}
      {!enrolment ? (
        <>
          <p className="text-slate-700">Use an app such as a password manager or an authenticator app to get a new code every 30 seconds.</p>
          <ErrorAlert error={error} />
          <button type="button" className={buttonStyles.secondary} disabled={pending} onClick={() => void start()}>
            Add authenticator app
          </button>
        </>
      ) : (
        <div className="space-y-4">
          <ol ref={focusWhenShown} tabIndex={-1} className="list-decimal space-y-2 pl-5 text-slate-700">
            <li>Scan this QR code with your authenticator app.</li>
            <li>Or enter the key by hand.</li>
            <li>Type the 6-digit code the app shows.</li>
          </ol>
          <div
            role="img"
            aria-label="QR code for your authenticator app"
            className="size-48 overflow-hidden rounded-lg bg-white p-2 ring-1 ring-slate-200 [&>svg]:h-full [&>svg]:w-full"
            // Generated on the server by the qrcode library from our own otpauth:// URI; no user input.
            dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }}
          />
          <div>
            <p className="text-sm font-medium text-slate-800">Key</p>
            <p data-testid="totp-secret" className="mt-1 font-mono text-lg tracking-wider select-all">
              {enrolment.secretGroups}
            </p>
          </div>
          <form onSubmit={activate} className="space-y-4">
            <ErrorAlert error={error} id={errorId} />
            <ActivationCodeField id="totp-code" describedBy={error ? [errorId] : []} />
            <div className="flex flex-wrap gap-3">
              <SubmitButton pending={pending}>Turn on</SubmitButton>
              <button type="button" className={buttonStyles.secondary} onClick={() => setEnrolment(null)}>
                Cancel
              </button>
            </div>
          </form>
        </div>
      )}
    </Panel>
  );
}

export function AddPhone({ tenant }: { tenant: string }) {
  const { error, pending, run } = useAction(tenant);
  const [phone, setPhone] = useState<{ factorId: string; maskedPhone: string } | null>(null);
  const [resendAt, setResendAt] = useState<number | null>(null);
  const [done, setDone] = useState(false);
  const wait = useCountdown(resendAt);
  const afterActivation = useAfterActivation(tenant);
  const errorId = "phone-error";

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(false);
    const number = String(new FormData(event.currentTarget).get("phone") ?? "").trim();
    const added = await run(() => addPhoneAction(tenant, number));
    if (added) {
      setPhone(added);
      // The api enforces the resend cooldown and answers its wait when asked too early.
      setResendAt(null);
    }
  }

  async function activate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!phone) return;
    const code = String(new FormData(event.currentTarget).get("code") ?? "").replace(/\s+/g, "");
    const activated = await run(() => activatePhoneAction(tenant, phone.factorId, code));
    if (activated && afterActivation(activated)) {
      setPhone(null);
      setDone(true);
    }
  }

  async function resend() {
    if (!phone) return;
    const sent = await run(() => resendPhoneCodeAction(tenant, phone.factorId));
    if (sent) setResendAt(Date.now() + sent.resendAfterSeconds * 1000);
  }

  return (
    <Panel title="Text message">
      {done ? <Alert tone="success" title="Codes by text message are on." /> : null}
      <Alert tone="info" title="Text messages are the weakest method.">
        Someone who takes over your phone number (a “SIM swap”) can receive your codes. Add a passkey, security key or
        authenticator app as well, and use text messages only as a backup.
      </Alert>
      {!phone ? (
        <form onSubmit={add} className="space-y-4">
          <ErrorAlert error={error} id={errorId} />
          <Field
            id="phone"
            name="phone"
            label="Phone number"
            type="tel"
            autoComplete="tel"
            hint="With the country code, for example +44 7700 900123."
            required
            describedBy={error ? [errorId] : []}
          />
          <button type="submit" className={buttonStyles.secondary} disabled={pending}>
            Add phone
          </button>
        </form>
      ) : (
        <form onSubmit={activate} className="space-y-4">
          <p ref={focusWhenShown} tabIndex={-1} className="text-slate-700">
            We sent a code to {phone.maskedPhone}. It works for 10 minutes.
          </p>
          <ErrorAlert error={error} id={errorId} />
          <ActivationCodeField id="phone-code" describedBy={error ? [errorId] : []} />
          <div className="flex flex-wrap items-center gap-3">
            <SubmitButton pending={pending}>Turn on</SubmitButton>
            {wait > 0 ? (
              <span className="text-sm text-slate-700">You can ask for a new code in {cooldownText(wait)}.</span>
            ) : (
              <button type="button" className={linkButton} disabled={pending} onClick={() => void resend()}>
                Resend code
              </button>
            )}
          </div>
        </form>
      )}
    </Panel>
  );
}

/**
 * "Generate new codes" (S23): after a warning, replaces the whole set (a fresh step-up first, if
 * the sign-in is not recent) and shows the new one once, with download, print and copy.
 */
export function RegenerateCodes({ tenant, account, tenantName, hasCodes }: { tenant: string; account: string; tenantName: string; hasCodes: boolean }) {
  const router = useRouter();
  const { error, pending, run } = useAction(tenant, "/security#recovery-codes");
  const [confirming, setConfirming] = useState(false);
  const [issued, setIssued] = useState<IssuedRecoveryCodes | null>(null);

  async function generate() {
    const made = await run(() => regenerateRecoveryCodesAction(tenant));
    if (!made) return;
    setConfirming(false);
    setIssued(made);
    // The counts above now describe the new set; this component keeps showing its codes.
    router.refresh();
  }

  if (issued) {
    const isKey = issued.style === "key";
    return (
      <div className="space-y-4">
        <Alert tone="success" title={isKey ? "Your new recovery key is ready." : "Your new recovery codes are ready."}>
          {hasCodes || isKey
            ? `Your old ${isKey ? "key" : "codes"} stopped working. Save the new ${isKey ? "one" : "ones"} now: we will not show them again.`
            : "Save them now: we will not show them again."}
        </Alert>
        <RecoveryCodesSheet issued={issued} account={account} tenantName={tenantName} />
        <button type="button" className={buttonStyles.secondary} onClick={() => setIssued(null)}>
          I have saved them
        </button>
      </div>
    );
  }

  if (confirming) {
    return (
      <div className="space-y-3">
        <Alert tone="warning" title="Make new recovery codes?">
          Your current codes stop working at once, including any you printed or saved.
        </Alert>
        <ErrorAlert error={error} />
        <div className="flex flex-wrap gap-3">
          <button type="button" className={buttonStyles.primary} disabled={pending} onClick={() => void generate()}>
            Generate new codes
          </button>
          <button type="button" className={buttonStyles.secondary} onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      </div>
    );
  }

  return (
    <div className="space-y-3">
      <ErrorAlert error={error} />
      <button
        type="button"
        className={buttonStyles.secondary}
        disabled={pending}
        onClick={() => (hasCodes ? setConfirming(true) : void generate())}
      >
        {hasCodes ? "Generate new codes" : "Make recovery codes"}
      </button>
    </div>
  );
}

/**
 * The code that proves a new app or phone works. `describedBy`: a refused code's error, which also
 * marks the field invalid.
 */
function ActivationCodeField({ id, describedBy }: { id: string; describedBy: string[] }) {
  return (
    <Field
      id={id}
      name="code"
      label="Code"
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={12}
      required
      describedBy={describedBy}
      invalid={describedBy.length > 0}
    />
  );
}
