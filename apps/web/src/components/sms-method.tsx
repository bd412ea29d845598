"use client";

import { type ReactNode, useState } from "react";
import type { FormError } from "@/lib/form-state";
import { CodeForm } from "./code-form";
import type { SecondFactorMethods, SendSms } from "./second-factor-methods";
import { Alert, buttonStyles } from "./ui";
import { cooldownText, useCountdown } from "./use-countdown";

/** Part of SecondFactorMethodsForm: text a code to one of the account's phones, then type it. */
export function SmsMethod({
  phones,
  sendSms,
  describedBy,
  pending,
  extra,
  onError,
  onCode,
}: {
  phones: SecondFactorMethods["sms"];
  sendSms: SendSms;
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
