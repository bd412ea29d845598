"use client";

import { type FormEvent, useState } from "react";
import { focusWhenShown } from "@/components/focus-keeper";
import { FormErrorAlert, FormField } from "@/components/form-field";
import { SubmitButton } from "@/components/submit-button";
import { Alert, buttonStyles } from "@/components/ui";
import { useAction } from "@/components/use-action";
import { cooldownText, useCountdown } from "@/components/use-countdown";
import { activatePhoneAction, addPhoneAction, resendPhoneCodeAction } from "@/server/actions/factors";
import { ActivationCodeField, Panel, useAfterActivation } from "./factor-panel";

const linkButton = "font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900";

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
          <FormErrorAlert error={error} id={errorId} />
          <FormField
            id="phone"
            name="phone"
            label="Phone number"
            type="tel"
            autoComplete="tel"
            hint="With the country code, for example +44 7700 900123."
            required
            formError={error}
            errorId={errorId}
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
          <FormErrorAlert error={error} id={errorId} />
          <ActivationCodeField id="phone-code" error={error} errorId={errorId} />
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

