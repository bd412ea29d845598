"use client";

import * as AlertDialog from "@radix-ui/react-alert-dialog";
import { type FormEvent, type ReactNode, type RefObject, useId, useRef, useState } from "react";
import { DialogFormEnd, dialogContentClass, focusFirstField } from "@/components/form-dialog";
import { Alert, buttonStyles, focusRing, inputClass } from "@/components/ui";
import { useAction } from "@/components/use-action";

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

type ShownOnceContent = Omit<Parameters<typeof ShownOnce>[0], "headingRef">;

type SecretDialogProps<Made> = {
  tenant: string;
  /** Where "confirm it's you" brings the admin back to. */
  returnPath: string;
  trigger: { label: string; className: string; id?: string; name?: string };
  title: string;
  description: ReactNode;
  /** The form's fields, if it has any. */
  fields?: ReactNode;
  confirmLabel: string;
  /** Makes the secret from the form's fields, through `run` (null: nothing made; the error shows). */
  make: (data: FormData, action: ReturnType<typeof useAction>) => Promise<Made | null>;
  /** What the dialog shows once the secret is made. */
  shown: (made: Made) => ShownOnceContent;
  /** Called when the dialog closes, to reset the fields' own state. */
  onClosed?: () => void;
};

/**
 * A Radix alert dialog that makes a secret (an API key, a webhook signing secret): a form first,
 * then, in the same dialog, the secret once (ShownOnce). Closing the dialog forgets it.
 */
export function SecretDialog<Made>({ tenant, returnPath, trigger, title, description, fields, confirmLabel, make, shown, onClosed }: SecretDialogProps<Made>) {
  const action = useAction(tenant, returnPath);
  const { error, setError, pending } = action;
  const [open, setOpen] = useState(false);
  const [made, setMade] = useState<Made | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  function changeOpen(next: boolean) {
    if (pending) return;
    setOpen(next);
    if (!next) {
      // The secret leaves the page with the dialog: it is not kept anywhere to be shown again.
      setMade(null);
      setError(null);
      onClosed?.();
    }
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const value = await make(new FormData(event.currentTarget), action);
    if (value) {
      setMade(value);
      // The form is gone and focus with it: the new heading says what to do now.
      requestAnimationFrame(() => heading.current?.focus());
    }
  }

  return (
    <AlertDialog.Root open={open} onOpenChange={changeOpen}>
      <AlertDialog.Trigger id={trigger.id} className={trigger.className} aria-label={trigger.name}>
        {trigger.label}
      </AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <AlertDialog.Content
          className={dialogContentClass}
          onEscapeKeyDown={(event) => {
            if (pending) event.preventDefault();
          }}
          onOpenAutoFocus={focusFirstField}
        >
          {made ? (
            <ShownOnce headingRef={heading} {...shown(made)} />
          ) : (
            <form onSubmit={(event) => void submit(event)} className="space-y-5">
              <AlertDialog.Title className="text-lg font-semibold text-slate-900">{title}</AlertDialog.Title>
              <AlertDialog.Description asChild>
                <div className="space-y-2 text-slate-700">{description}</div>
              </AlertDialog.Description>
              {fields}
              <DialogFormEnd error={error} pending={pending} confirmLabel={confirmLabel} />
            </form>
          )}
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
