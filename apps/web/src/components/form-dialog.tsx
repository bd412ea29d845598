"use client";

import * as AlertDialog from "@radix-ui/react-alert-dialog";
import { type FormEvent, type ReactNode, useState } from "react";
import { Alert, buttonStyles, ReasonList } from "./ui";

type DialogError = { message: string; details?: string[] } | null;

/** The class of the site's dialogs: centred, scrolling on a small screen. */
export const dialogContentClass =
  "fixed top-1/2 left-1/2 z-50 max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-2xl bg-white p-6 shadow-lg ring-1 ring-slate-200";

/**
 * Radix's `onOpenAutoFocus` for a dialog with fields: the first field, not Cancel, since the dialog
 * exists to be filled in and nothing happens until the confirm button. Without fields, Radix's own.
 */
export function focusFirstField(event: Event) {
  const field = (event.currentTarget as HTMLElement | null)?.querySelector<HTMLElement>("textarea, input, select");
  if (field) {
    event.preventDefault();
    field.focus();
  }
}

/** The end of a dialog's form: what went wrong, if anything, then Cancel and the confirm button. */
export function DialogFormEnd({ error, pending, confirmLabel, tone = "primary" }: { error: DialogError; pending: boolean; confirmLabel: string; tone?: "danger" | "primary" }) {
  return (
    <>
      {error ? (
        <Alert tone="error" title={error.message}>
          {error.details?.length ? <ReasonList reasons={error.details} /> : null}
        </Alert>
      ) : null}
      <div className="flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
        <AlertDialog.Cancel type="button" className={buttonStyles.secondary} disabled={pending}>
          Cancel
        </AlertDialog.Cancel>
        <button type="submit" className={tone === "danger" ? buttonStyles.danger : buttonStyles.primary} disabled={pending}>
          {confirmLabel}
        </button>
      </div>
    </>
  );
}

type FormDialogProps = {
  /** The button that opens the dialog. */
  triggerLabel: string;
  /** Its name for screen readers where the label repeats, one per table row ("Remove Ada Agent"); starts with the label. */
  triggerName?: string;
  triggerVariant?: keyof typeof buttonStyles;
  /** The opener is disabled, e.g. while approval is not possible yet; `describedBy` says why. */
  disabled?: boolean;
  describedBy?: string;
  title: string;
  /** What happens, in plain words. */
  description: ReactNode;
  /** The fields; each with a visible label. */
  children: ReactNode;
  confirmLabel: string;
  tone?: "danger" | "primary";
  /** Runs the change with the dialog's fields; answers true when it is done (the dialog closes). */
  onSubmit: (data: FormData) => Promise<boolean>;
  error?: DialogError;
  pending?: boolean;
};

/**
 * A decision that needs a few words first (a reason for the audit trail, an explanation for the
 * person), confirmed in a Radix alert dialog: focus stays inside, starts on the first field,
 * Escape and Cancel close it, and focus goes back to the button that opened it.
 */
export function FormDialog({
  triggerLabel,
  triggerName,
  triggerVariant = "primary",
  disabled = false,
  describedBy,
  title,
  description,
  children,
  confirmLabel,
  tone = "primary",
  onSubmit,
  error = null,
  pending = false,
}: FormDialogProps) {
  const [open, setOpen] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    if (await onSubmit(new FormData(event.currentTarget))) setOpen(false);
  }

  return (
    <AlertDialog.Root open={open} onOpenChange={(next) => (pending ? undefined : setOpen(next))}>
      <AlertDialog.Trigger className={buttonStyles[triggerVariant]} disabled={disabled} aria-label={triggerName} aria-describedby={describedBy}>
        {triggerLabel}
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
          <form onSubmit={(event) => void submit(event)} className="space-y-4">
            <AlertDialog.Title className="text-lg font-semibold text-slate-900">{title}</AlertDialog.Title>
            <AlertDialog.Description asChild>
              <div className="space-y-2 text-slate-700">{description}</div>
            </AlertDialog.Description>
            {children}
            <DialogFormEnd error={error} pending={pending} confirmLabel={confirmLabel} tone={tone} />
          </form>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
