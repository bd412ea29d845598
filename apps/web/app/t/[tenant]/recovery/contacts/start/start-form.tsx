"use client";

import { type FormEvent, useState } from "react";
import { FormErrorAlert, FormField } from "@/components/form-field";
import { buttonStyles } from "@/components/ui";
import { useFocusBackWhenDone } from "@/components/submit-button";
import type { FormError } from "@/lib/form-state";
import { startContactRecoveryAction } from "@/server/actions/recovery";

export function StartForm({ tenant, next }: { tenant: string; next: string }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  const button = useFocusBackWhenDone(pending);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("email") ?? "");
    setPending(true);
    setError(null);
    const result = await startContactRecoveryAction(tenant, email);
    if (result.ok) {
      window.location.assign(next);
      return;
    }
    setError(result.error);
    setPending(false);
  }

  const errorId = "start-recovery-error";
  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-5" noValidate>
      <FormErrorAlert error={error} id={errorId} withDetails />
      <FormField id="email" name="email" label="Email" type="email" autoComplete="email" required formError={error} errorId={errorId} invalidOnError />
      <button ref={button} type="submit" className={buttonStyles.primary} disabled={pending}>
        Ask my trusted contacts
      </button>
    </form>
  );
}
