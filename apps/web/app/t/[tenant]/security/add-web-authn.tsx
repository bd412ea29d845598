"use client";

import { useState } from "react";
import { FormErrorAlert } from "@/components/form-field";
import { Alert, buttonStyles } from "@/components/ui";
import { useAction } from "@/components/use-action";
import { registerWith, webAuthnFailure } from "@/components/webauthn";
import { registerWebAuthnAction, type WebAuthnKind, webAuthnRegistrationOptionsAction } from "@/server/actions/factors";
import { Panel, useAfterActivation } from "./factor-panel";

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
      <FormErrorAlert error={error} />
      {added ? <Alert tone="success" title={`Added ${added}.`} /> : null}
      <button type="button" className={buttonStyles.secondary} disabled={pending} onClick={() => void add()}>
        {texts.button}
      </button>
    </Panel>
  );
}

