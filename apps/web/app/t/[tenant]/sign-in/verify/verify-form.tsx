"use client";

import { useState } from "react";
import { type Proof, type SecondFactorMethods, SecondFactorMethodsForm } from "@/components/second-factor-methods";
import { signInWith, TenantAuth } from "@/components/tenant-auth";
import { Checkbox } from "@/components/ui";
import { landingAfterSignIn } from "../sign-in-form";
import { challengeWebAuthnOptionsAction, sendChallengeSmsAction } from "@/server/actions/second-factor";

type Props = { tenant: string; methods: SecondFactorMethods; next: string; chooseLanding?: boolean; signInHref: string };

export function VerifyForm(props: Props) {
  return (
    <TenantAuth tenant={props.tenant}>
      <VerifyMethods {...props} />
    </TenantAuth>
  );
}

function VerifyMethods({ tenant, methods, next, chooseLanding = false, signInHref }: Props) {
  const [remember, setRemember] = useState(false);

  async function submitProof(proof: Proof) {
    const refused = await signInWith("challenge", { proof: JSON.stringify(proof), rememberBrowser: String(remember), tenant }, next);
    // A full page load, so every server component sees the new session cookie.
    if (!refused) window.location.assign(await landingAfterSignIn(tenant, next, chooseLanding));
    return refused;
  }

  const rememberBox = (
    <Checkbox
      id="remember-browser"
      label="Remember this browser for 30 days"
      hint="Only on a device you alone use. You can forget it later on the Devices page."
      checked={remember}
      onChange={setRemember}
    />
  );

  return (
    <SecondFactorMethodsForm
      methods={methods}
      sendSms={(factorId) => sendChallengeSmsAction(tenant, factorId)}
      webAuthnOptions={() => challengeWebAuthnOptionsAction(tenant)}
      submitProof={submitProof}
      restartHref={signInHref}
      extra={rememberBox}
    />
  );
}
