"use client";

import { type ReactNode, useState } from "react";
import type { ActionResult, FormError } from "@/lib/form-state";
import { CodeForm } from "./code-form";
import { describedByFormError, FormErrorAlert } from "./form-field";
import { PasswordForm } from "./password-form";
import { SmsMethod } from "./sms-method";
import { Alert, buttonStyles, TextLink } from "./ui";
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

export type SendSms = (factorId: string) => Promise<ActionResult<{ maskedPhone: string; resendAfterSeconds: number }>>;

type Method = "password" | "totp" | "sms" | "webauthn" | "recovery_code";

const linkButton = "font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900";

type Props = {
  methods: SecondFactorMethods;
  /** "Confirm it's you" also takes the account's password. */
  allowPassword?: boolean;
  sendSms: SendSms;
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

  const errorAlert = (
    <FormErrorAlert error={error} id={errorId}>
      {error?.code === "TOKEN_INVALID" && restartHref ? (
        <p>
          <TextLink href={restartHref}>Start again</TextLink>
        </p>
      ) : null}
    </FormErrorAlert>
  );
  const describedBy = describedByFormError(error, errorId);

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
          describedBy={describedBy}
          pending={pending}
          extra={extra}
          onCode={(code) => prove({ method: "totp", code })}
        />
      ) : null}
      {method === "sms" ? (
        <SmsMethod
          phones={methods.sms}
          sendSms={sendSms}
          describedBy={describedBy}
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
      {method === "password" ? <PasswordForm pending={pending} describedBy={describedBy} onPassword={(password) => prove({ method: "password", password })} /> : null}
      {method === "recovery_code" ? (
        <CodeForm
          kind="recovery"
          hint="One of the recovery codes you saved (or your recovery key). Each code works once. Capital letters, spaces and dashes do not matter."
          pending={pending}
          describedBy={describedBy}
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
