"use client";

import { type FormEvent, type ReactNode, useEffect, useState } from "react";
import type { ActionResult, FormError } from "@/lib/form-state";
import { formatMinutes } from "@/lib/format";
import { SubmitButton } from "./submit-button";
import { Alert, buttonStyles, Field, TextLink } from "./ui";
import { authenticateWith, webAuthnFailure } from "./webauthn";

export type SecondFactorMethods = {
  totp: boolean;
  webauthn: boolean;
  sms: Array<{ factorId: string; maskedPhone: string }>;
  /** A recovery code can finish a sign-in (never a step-up: the api answers false there). */
  recoveryCode?: boolean;
};

export type Proof =
  | { method: "password"; password: string }
  | { method: "totp"; code: string }
  | { method: "sms"; code: string }
  | { method: "webauthn"; response: Record<string, unknown> }
  | { method: "recovery_code"; code: string };

type Method = "password" | "totp" | "sms" | "webauthn" | "recovery_code";

const linkButton = "font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900";

type Props = {
  methods: SecondFactorMethods;
  /** "Confirm it's you" also takes the account's password. */
  allowPassword?: boolean;
  sendSms: (factorId: string) => Promise<ActionResult<{ maskedPhone: string; resendAfterSeconds: number }>>;
  webAuthnOptions: () => Promise<ActionResult<Record<string, unknown>>>;
  /** Sends the proof; answers null once it was accepted (the page then moves on). */
  submitProof: (proof: Proof) => Promise<FormError | null>;
  /** Where to begin again when the sign-in itself expired (TOKEN_INVALID). */
  restartHref?: string;
  /** Extra fields shown with every method (the "remember this browser" box). */
  extra?: ReactNode;
};

const methodNames: Record<Method, string> = {
  totp: "Authenticator app",
  sms: "Text message",
  webauthn: "Security key",
  password: "Password",
  recovery_code: "Recovery code",
};

function availableMethods(methods: SecondFactorMethods, allowPassword: boolean): Method[] {
  const list: Method[] = [];
  if (methods.totp) list.push("totp");
  if (methods.webauthn) list.push("webauthn");
  if (methods.sms.length > 0) list.push("sms");
  if (allowPassword) list.push("password");
  // Last: for the day the others are lost, never the one offered first.
  if (methods.recoveryCode) list.push("recovery_code");
  return list;
}

/**
 * The methods a person can prove it is them with, one at a time, with "Use another method"
 * to switch. Shared by the sign-in challenge (/sign-in/verify) and step-up (/confirm).
 */
export function SecondFactorMethodsForm({ methods, allowPassword = false, sendSms, webAuthnOptions, submitProof, restartHref, extra }: Props) {
  const available = availableMethods(methods, allowPassword);
  const [method, setMethod] = useState<Method | null>(available[0] ?? null);
  const [choosing, setChoosing] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  const [pending, setPending] = useState(false);
  const errorId = "second-factor-error";

  async function prove(proof: Proof) {
    setPending(true);
    setError(null);
    const refused = await submitProof(proof);
    if (refused) {
      setError(refused);
      setPending(false);
    }
    // Accepted: the page is loading the next one; stay busy.
  }

  if (!method) return <Alert tone="error" title="There is no way to confirm it's you on this account." />;
  // A recovery code has its own link, so a locked-out person does not have to go looking for it.
  const offerRecoveryCode = method !== "recovery_code" && available.includes("recovery_code");
  const otherMethods = available.filter((option) => option !== method && option !== "recovery_code");

  const errorAlert = error ? (
    <Alert tone="error" id={errorId} title={error.message}>
      {error.code === "TOKEN_INVALID" && restartHref ? (
        <p>
          <TextLink href={restartHref}>Start again</TextLink>
        </p>
      ) : null}
    </Alert>
  ) : null;

  if (choosing) {
    return (
      <div className="space-y-4">
        <h2 className="text-lg font-semibold">Choose another method</h2>
        <ul className="space-y-2">
          {available.map((option) => (
            <li key={option}>
              <button
                type="button"
                className={`${buttonStyles.secondary} sm:w-full`}
                onClick={() => {
                  setMethod(option);
                  setChoosing(false);
                  setError(null);
                }}
              >
                {methodNames[option]}
              </button>
            </li>
          ))}
        </ul>
      </div>
    );
  }

  return (
    <div className="space-y-5">
      <h2 className="text-lg font-semibold">{methodNames[method]}</h2>
      {errorAlert}
      {method === "totp" ? (
        <CodeForm
          hint="Enter the 6-digit code from your authenticator app."
          describedBy={error ? [errorId] : []}
          pending={pending}
          extra={extra}
          onCode={(code) => prove({ method: "totp", code })}
        />
      ) : null}
      {method === "sms" ? (
        <SmsMethod
          phones={methods.sms}
          sendSms={sendSms}
          describedBy={error ? [errorId] : []}
          pending={pending}
          extra={extra}
          onError={setError}
          onCode={(code) => prove({ method: "sms", code })}
        />
      ) : null}
      {method === "webauthn" ? (
        <div className="space-y-4">
          <p className="text-slate-700">Use the security key or passkey you added to your account.</p>
          {extra}
          <button
            type="button"
            className={buttonStyles.primary}
            disabled={pending}
            onClick={async () => {
              setPending(true);
              setError(null);
              const options = await webAuthnOptions();
              if (!options.ok) {
                setError(options.error);
                setPending(false);
                return;
              }
              try {
                const response = await authenticateWith(options.value);
                await prove({ method: "webauthn", response });
              } catch (failure) {
                setError(webAuthnFailure(failure));
                setPending(false);
              }
            }}
          >
            Use security key
          </button>
        </div>
      ) : null}
      {method === "password" ? <PasswordForm pending={pending} describedBy={error ? [errorId] : []} onPassword={(password) => prove({ method: "password", password })} /> : null}
      {method === "recovery_code" ? (
        <CodeForm
          kind="recovery"
          hint="One of the recovery codes you saved (or your recovery key). Each code works once. Capital letters, spaces and dashes do not matter."
          pending={pending}
          describedBy={error ? [errorId] : []}
          extra={extra}
          onCode={(code) => prove({ method: "recovery_code", code })}
        />
      ) : null}
      {otherMethods.length > 0 || offerRecoveryCode ? (
        <div className="flex flex-col items-start gap-2">
          {otherMethods.length > 0 ? (
            <button
              type="button"
              className={linkButton}
              onClick={() => {
                setChoosing(true);
                setError(null);
              }}
            >
              Use another method
            </button>
          ) : null}
          {offerRecoveryCode ? (
            <button
              type="button"
              className={linkButton}
              onClick={() => {
                setMethod("recovery_code");
                setError(null);
              }}
            >
              Use a recovery code
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

// A six-digit code from an app or a text message, or a recovery code. Recovery input is forgiving
// (S20): the server ignores case, spaces and dashes, so the keyboard should not "help" either.
const codeFields = {
  digits: { id: "code", label: "Code", inputMode: "numeric", autoComplete: "one-time-code", pattern: "[0-9 ]*", maxLength: 12 },
  recovery: {
    id: "recovery-code",
    label: "Recovery code",
    autoComplete: "off",
    autoCapitalize: "characters",
    autoCorrect: "off",
    spellCheck: false,
    maxLength: 80,
  },
} as const;

function CodeForm({
  kind = "digits",
  hint,
  describedBy,
  pending,
  extra,
  onCode,
}: {
  kind?: keyof typeof codeFields;
  hint: string;
  describedBy: string[];
  pending: boolean;
  extra?: ReactNode;
  onCode: (code: string) => void;
}) {
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const typed = String(new FormData(event.currentTarget).get("code") ?? "");
    onCode(kind === "digits" ? typed.replace(/\s+/g, "") : typed.trim());
  }
  return (
    <form onSubmit={onSubmit} method="post" className="space-y-4">
      <Field {...codeFields[kind]} name="code" hint={hint} required describedBy={describedBy} invalid={describedBy.length > 0} />
      {extra}
      <SubmitButton pending={pending}>Verify</SubmitButton>
    </form>
  );
}

function PasswordForm({ pending, describedBy, onPassword }: { pending: boolean; describedBy: string[]; onPassword: (password: string) => void }) {
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    onPassword(String(new FormData(event.currentTarget).get("password") ?? ""));
  }
  return (
    <form onSubmit={onSubmit} method="post" className="space-y-4">
      <Field
        id="password"
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        describedBy={describedBy}
        invalid={describedBy.length > 0}
      />
      <SubmitButton pending={pending}>Confirm</SubmitButton>
    </form>
  );
}

/** Seconds left until `until` (a timestamp), ticking every second. */
export function useCountdown(until: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null || until <= Date.now()) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [until]);
  return until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
}

export function cooldownText(seconds: number): string {
  return seconds >= 60 ? formatMinutes(seconds) : `${seconds} second${seconds === 1 ? "" : "s"}`;
}

function SmsMethod({
  phones,
  sendSms,
  describedBy,
  pending,
  extra,
  onError,
  onCode,
}: {
  phones: SecondFactorMethods["sms"];
  sendSms: Props["sendSms"];
  describedBy: string[];
  pending: boolean;
  extra?: ReactNode;
  onError: (error: FormError | null) => void;
  onCode: (code: string) => void;
}) {
  // `isNew`: sent by this page. Otherwise the code came earlier (the page was reloaded since).
  const [sentTo, setSentTo] = useState<{ factorId: string; maskedPhone: string; isNew: boolean } | null>(null);
  const [resendAt, setResendAt] = useState<number | null>(null);
  const [sending, setSending] = useState(false);
  const wait = useCountdown(resendAt);

  async function send(factorId: string) {
    setSending(true);
    onError(null);
    const sent = await sendSms(factorId);
    setSending(false);
    if (!sent.ok) {
      onError(sent.error);
      // Asked again too soon, say after the page reloaded while the person read the text: the code
      // already sent still works, so the form to type it must not wait for the limit to end.
      const phone = phones.find((candidate) => candidate.factorId === factorId);
      if (sent.error.code === "RATE_LIMITED" && sent.error.retryAfterSeconds && phone) {
        setSentTo({ ...phone, isNew: false });
        setResendAt(Date.now() + sent.error.retryAfterSeconds * 1000);
      }
      return;
    }
    setSentTo({ factorId, maskedPhone: sent.value.maskedPhone, isNew: true });
    setResendAt(Date.now() + sent.value.resendAfterSeconds * 1000);
  }

  if (!sentTo) {
    return (
      <ul className="space-y-3">
        {phones.map((phone) => (
          <li key={phone.factorId} className="flex flex-wrap items-center justify-between gap-3 rounded-lg p-3 ring-1 ring-slate-200">
            <span id={`phone-${phone.factorId}`}>{phone.maskedPhone}</span>
            <button
              type="button"
              className={buttonStyles.primary}
              disabled={sending}
              aria-describedby={`phone-${phone.factorId}`}
              onClick={() => send(phone.factorId)}
            >
              Text me a code
            </button>
          </li>
        ))}
      </ul>
    );
  }

  return (
    <div className="space-y-4">
      {sentTo.isNew ? (
        <Alert tone="info" title={`We sent a code to ${sentTo.maskedPhone}.`}>
          It works for 10 minutes.
        </Alert>
      ) : null}
      <CodeForm hint="Enter the 6-digit code from the text message." describedBy={describedBy} pending={pending} extra={extra} onCode={onCode} />
      <p className="text-sm text-slate-700">
        {wait > 0 ? (
          <span>You can ask for a new code in {cooldownText(wait)}.</span>
        ) : (
          <button
            type="button"
            className="font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900"
            disabled={sending}
            onClick={() => send(sentTo.factorId)}
          >
            Send a new code
          </button>
        )}
      </p>
    </div>
  );
}
