"use client";

import * as AlertDialog from "@radix-ui/react-alert-dialog";
import { type ReactNode, type RefObject, useId, useState } from "react";
import { Alert, buttonStyles, focusRing, inputClass } from "@/components/ui";

/**
 * The inside of a dialog once a secret (an API key, a webhook signing secret) was made: the secret
 * in a read-only field with a copy button, and a plain warning that it is not shown again. The
 * dialog's closing button forgets it; nothing keeps it to show later.
 */
export function ShownOnce({
  headingRef,
  title,
  description,
  label,
  value,
  noun,
}: {
  /** Focused when this replaces the form, so eyes and screen readers land here. */
  headingRef: RefObject<HTMLHeadingElement | null>;
  title: string;
  description: ReactNode;
  label: string;
  value: string;
  /** "key", "secret": in the buttons and messages. */
  noun: string;
}) {
  const [copied, setCopied] = useState<"copied" | "failed" | null>(null);
  const fieldId = useId();

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("copied");
    } catch {
      setCopied("failed");
    }
  }

  return (
    <div className="space-y-4">
      <AlertDialog.Title asChild>
        <h2 ref={headingRef} tabIndex={-1} className={`rounded-sm text-lg font-semibold text-slate-900 ${focusRing}`}>
          {title}
        </h2>
      </AlertDialog.Title>
      <AlertDialog.Description asChild>
        <div className="space-y-2 text-slate-700">{description}</div>
      </AlertDialog.Description>
      <Alert tone="warning" title={`This ${noun} will not be shown again.`}>
        Copy it now. If it is lost, you will need a new one.
      </Alert>
      <div>
        <label htmlFor={fieldId} className="block text-sm font-medium text-slate-800">
          {label}
        </label>
        <input
          id={fieldId}
          readOnly
          value={value}
          onFocus={(event) => event.currentTarget.select()}
          className={`mt-1.5 ${inputClass} font-mono text-sm`}
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      {/* Always on the page, so screen readers announce what appears in it. */}
      <div role="status" className="text-sm empty:hidden">
        {copied === "copied" ? <p className="text-emerald-800">Copied. Paste it into your app’s secret settings.</p> : null}
        {copied === "failed" ? <p className="text-red-800">Your browser did not let us copy. Select the {noun} and copy it yourself.</p> : null}
      </div>
      <div className="flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
        <AlertDialog.Cancel className={buttonStyles.secondary}>I have saved it</AlertDialog.Cancel>
        <button type="button" className={buttonStyles.primary} onClick={() => void copy()}>
          Copy {noun}
        </button>
      </div>
    </div>
  );
}

/** The class of the dialogs on this page: Radix alert dialogs, centred, scrolling on a small screen. */
export const dialogContentClass =
  "fixed top-1/2 left-1/2 z-50 max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-2xl bg-white p-6 shadow-lg ring-1 ring-slate-200";
