"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/submit-button";
import { Alert } from "@/components/ui";
import { idle } from "@/lib/form-state";
import { plural } from "@/lib/format";
import type { RevokeDeviceState, RevokeOthersState } from "@/server/actions/devices";

type RevokeDeviceProps = {
  action: (previous: RevokeDeviceState, formData: FormData) => Promise<RevokeDeviceState>;
  sessionId: string;
  /** "Sign out <browser> on <os>": the button's accessible name. */
  label: string;
};

export function RevokeDeviceForm({ action, sessionId, label }: RevokeDeviceProps) {
  const [state, formAction] = useActionState(action, idle);
  return (
    <form action={formAction} className="space-y-2">
      <input type="hidden" name="sessionId" value={sessionId} />
      {state.status === "error" ? <Alert tone="error" title={state.error.message} /> : null}
      <SubmitButton variant="secondary" aria-label={label}>
        Sign out
      </SubmitButton>
    </form>
  );
}

type RevokeOthersProps = {
  action: (previous: RevokeOthersState, formData: FormData) => Promise<RevokeOthersState>;
  hasOthers: boolean;
};

/** Stays mounted when the list empties, so its "Signed out N devices" stays on screen. */
export function RevokeOthersForm({ action, hasOthers }: RevokeOthersProps) {
  const [state, formAction] = useActionState(action, idle);
  if (!hasOthers && state.status !== "done") return <p className="text-slate-700">No other device is signed in.</p>;
  return (
    <form action={formAction} className="space-y-3">
      {state.status === "error" ? <Alert tone="error" title={state.error.message} /> : null}
      {state.status === "done" ? (
        <Alert tone="success" title={`Signed out ${plural(state.result.count, "other device", "other devices")}.`} />
      ) : null}
      {hasOthers ? <SubmitButton variant="danger">Sign out everywhere else</SubmitButton> : null}
    </form>
  );
}
