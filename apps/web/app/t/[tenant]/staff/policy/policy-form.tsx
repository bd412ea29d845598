"use client";

import { type FormEvent, useState } from "react";
import { TextArea } from "@/components/staff-ui";
import { Alert, buttonStyles, Field, ReasonList } from "@/components/ui";
import { useAction } from "@/components/use-action";
import { updateSupportPolicyAction } from "@/server/actions/staff";

const MAX_QUESTIONS = 5;

type Policy = { waitingHours: number; secondApprover: "always" | "risky"; questions: string[] };

/** The support policy: waiting period, when a second approver is needed, and the organisation's own questions. */
export function PolicyForm({ tenant, tenantId, policy }: { tenant: string; tenantId: string; policy: Policy }) {
  // Back to this organisation's policy after "confirm it's you", not to the first one in the list.
  const { error, pending, run } = useAction(tenant, `/staff/policy?tenant=${encodeURIComponent(tenantId)}`);
  const [saved, setSaved] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const questions = data
      .getAll("question")
      .map((value) => String(value).trim())
      .filter((value) => value !== "");
    setSaved(false);
    const result = await run(() =>
      updateSupportPolicyAction(tenant, {
        tenantId,
        waitingHours: Number(data.get("waitingHours")),
        secondApprover: data.get("secondApprover") === "always" ? "always" : "risky",
        questions,
        reason: String(data.get("reason") ?? ""),
      }),
    );
    if (result) {
      // The reason belongs to this change only; the saved values stay in their fields.
      const reason = form.elements.namedItem("reason");
      if (reason instanceof HTMLTextAreaElement) reason.value = "";
      setSaved(true);
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-6">
      {error ? (
        <Alert tone="error" title={error.message}>
          {error.details?.length ? <ReasonList reasons={error.details} /> : null}
        </Alert>
      ) : null}
      {saved ? <Alert tone="success" title="Support policy saved." /> : null}
      <Field
        id="policy-waiting-hours"
        name="waitingHours"
        type="number"
        inputMode="numeric"
        min={24}
        max={720}
        step={1}
        required
        label="Waiting period, in hours"
        hint="At least 24. Every channel on file is told at the start, so the owner has time to say “this wasn't me”."
        defaultValue={policy.waitingHours}
      />
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Second approver</legend>
        <div className="mt-2 space-y-2">
          <label className="flex items-start gap-2">
            <input type="radio" name="secondApprover" value="risky" defaultChecked={policy.secondApprover === "risky"} className="mt-1" />
            <span>On risky requests and high-value accounts</span>
          </label>
          <label className="flex items-start gap-2">
            <input type="radio" name="secondApprover" value="always" defaultChecked={policy.secondApprover === "always"} className="mt-1" />
            <span>Always</span>
          </label>
        </div>
      </fieldset>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Your own questions (up to {MAX_QUESTIONS})</legend>
        <p className="text-sm text-slate-600">Asked of everyone who opens a request, besides what happened and where they sign in. Leave a line empty to drop it.</p>
        <div className="mt-3 space-y-3">
          {Array.from({ length: MAX_QUESTIONS }, (_, index) => (
            <Field key={index} id={`policy-question-${index + 1}`} name="question" label={`Question ${index + 1}`} maxLength={200} defaultValue={policy.questions[index] ?? ""} />
          ))}
        </div>
      </fieldset>
      <TextArea id="policy-reason" name="reason" label="Reason for the change" hint="Kept in the staff log." required maxLength={500} />
      <button type="submit" className={buttonStyles.primary} disabled={pending}>
        Save policy
      </button>
    </form>
  );
}
