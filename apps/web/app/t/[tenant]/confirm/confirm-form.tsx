"use client";

import { type Proof, type SecondFactorMethods, SecondFactorMethodsForm } from "@/components/second-factor-methods";
import { signInWith, TenantAuth } from "@/components/tenant-auth";
import { sendStepUpSmsAction, stepUpWebAuthnOptionsAction } from "@/server/actions/second-factor";

/** `allowPassword`: only for an account without two-step verification (S12). */
type Props = { tenant: string; methods: SecondFactorMethods; allowPassword: boolean; next: string };

export function ConfirmForm(props: Props) {
  return (
    <TenantAuth tenant={props.tenant}>
      <ConfirmMethods {...props} />
    </TenantAuth>
  );
}

function ConfirmMethods({ tenant, methods, allowPassword, next }: Props) {
  async function submitProof(proof: Proof) {
    // The "step-up" provider rotates the session; next-auth writes the new token into the cookie.
    const refused = await signInWith("step-up", { proof: JSON.stringify(proof), tenant }, next);
    if (!refused) window.location.assign(next);
    return refused;
  }
  return (
    <SecondFactorMethodsForm
      methods={methods}
      allowPassword={allowPassword}
      sendSms={(factorId) => sendStepUpSmsAction(tenant, factorId)}
      webAuthnOptions={() => stepUpWebAuthnOptionsAction(tenant)}
      submitProof={submitProof}
    />
  );
}
