"use client";

import { type FormEvent, useState } from "react";
import { TextArea } from "@/components/staff-ui";
import { Alert, buttonStyles, ReasonList } from "@/components/ui";
import { useAction } from "@/components/use-action";
import { setReturnOriginsAction } from "@/server/actions/developers";
import { developersPath } from "./developers-path";

/** The return origins as one editable list, one origin a line; saving replaces the whole list. */
export function ReturnOriginsForm({ tenant, tenantId, origins }: { tenant: string; tenantId: string; origins: string[] }) {
  const { error, pending, run } = useAction(tenant, developersPath(tenantId));
  const [saved, setSaved] = useState<string[] | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const lines = String(new FormData(form).get("origins") ?? "")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "");
    setSaved(null);
    const result = await run(() => setReturnOriginsAction(tenant, { tenantId, origins: lines }));
    if (result) {
      // What was stored, in its written form (a trailing slash dropped, the host in lower case).
      const field = form.elements.namedItem("origins");
      if (field instanceof HTMLTextAreaElement) field.value = result.origins.join("\n");
      setSaved(result.origins);
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-4">
      {error ? (
        <Alert tone="error" title={error.message}>
          {error.details?.length ? <ReasonList reasons={error.details} /> : null}
        </Alert>
      ) : null}
      {saved ? <Alert tone="success" title={saved.length === 0 ? "Saved. The hosted sign-in sends nobody back to an app now." : "Return origins saved."} /> : null}
      <TextArea
        id="return-origins"
        name="origins"
        label="Origins, one a line"
        hint="Up to 10, each the scheme and host alone, such as https://app.example.com (plain http only for localhost)."
        rows={5}
        defaultValue={origins.join("\n")}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
      />
      <button type="submit" className={buttonStyles.primary} disabled={pending}>
        Save origins
      </button>
    </form>
  );
}
