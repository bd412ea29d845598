"use client";

import { useState } from "react";
import { Alert, buttonStyles } from "@/components/ui";
import type { FormError } from "@/lib/form-state";
import { forgetRememberedDeviceAction } from "@/server/actions/factors";

export function ForgetRememberedButton({ tenant, deviceId, label }: { tenant: string; deviceId: string; label: string }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  return (
    <div className="space-y-2">
      {error ? <Alert tone="error" title={error.message} /> : null}
      <button
        type="button"
        className={buttonStyles.secondary}
        aria-label={label}
        disabled={pending}
        onClick={async () => {
          setPending(true);
          setError(null);
          const result = await forgetRememberedDeviceAction(tenant, deviceId);
          if (!result.ok) setError(result.error);
          setPending(false);
        }}
      >
        Forget
      </button>
    </div>
  );
}
