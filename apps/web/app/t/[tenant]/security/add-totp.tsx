"use client";

import { type FormEvent, useState } from "react";
import { focusWhenShown } from "@/components/focus-keeper";
import { FormErrorAlert } from "@/components/form-field";
import { SubmitButton } from "@/components/submit-button";
import { Alert, buttonStyles } from "@/components/ui";
import { useAction } from "@/components/use-action";
import { activateTotpAction, startTotpAction, type TotpEnrolment } from "@/server/actions/factors";
import { ActivationCodeField, Panel, useAfterActivation } from "./factor-panel";

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
          <FormErrorAlert error={error} />
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
            <FormErrorAlert error={error} id={errorId} />
            <ActivationCodeField id="totp-code" error={error} errorId={errorId} />
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

