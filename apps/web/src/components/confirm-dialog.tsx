"use client";

import * as AlertDialog from "@radix-ui/react-alert-dialog";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { Alert, buttonStyles } from "./ui";

type ConfirmDialogProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  /** What happens, in plain words: the dialog's description. */
  children: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  tone?: "danger" | "primary";
  /** Runs the change; answers true when it is done (the dialog closes) or false to stay open. */
  onConfirm: () => Promise<boolean>;
  /** The refusal to show inside the dialog, if the change failed. */
  error?: string | null;
  /**
   * Where focus goes once the change is done: the button that opened the dialog usually leaves
   * with the row it sat in, and focus would drop to the top of the page.
   */
  focusAfterDone?: () => HTMLElement | null;
};

/**
 * "Are you sure?" before a change that cannot simply be undone (removing a contact, stopping a
 * recovery). Radix keeps focus inside while open, starts on Cancel (a stray Enter changes
 * nothing), closes on Escape, and gives focus back to the button that opened it.
 */
export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  children,
  confirmLabel,
  cancelLabel = "Cancel",
  tone = "danger",
  onConfirm,
  error = null,
  focusAfterDone,
}: ConfirmDialogProps) {
  const [pending, setPending] = useState(false);
  const done = useRef(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const [refusals, setRefusals] = useState(0);
  // The button that opened the dialog: it is no Radix Trigger (each row has its own), so Radix
  // cannot give focus back to it on Cancel or Escape. Read while rendering the opening, before
  // Radix moves focus into the dialog.
  const opener = useRef<HTMLElement | null>(null);
  const wasOpen = useRef(false);
  if (open && !wasOpen.current && typeof document !== "undefined" && document.activeElement instanceof HTMLElement) {
    opener.current = document.activeElement;
  }
  wasOpen.current = open;

  // The button is disabled while the change runs, which drops focus; after a refusal it comes
  // back to the button, just under the error (announced by its role="alert").
  useEffect(() => {
    if (refusals > 0) confirmButton.current?.focus();
  }, [refusals]);

  async function confirm() {
    setPending(true);
    done.current = false;
    try {
      if (await onConfirm()) {
        done.current = true;
        onOpenChange(false);
      } else {
        setRefusals((count) => count + 1);
      }
    } finally {
      setPending(false);
    }
  }

  return (
    <AlertDialog.Root open={open} onOpenChange={(next) => (pending ? undefined : onOpenChange(next))}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <AlertDialog.Content
          className="fixed top-1/2 left-1/2 z-50 max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 space-y-4 overflow-y-auto rounded-2xl bg-white p-6 shadow-lg ring-1 ring-slate-200"
          onEscapeKeyDown={(event) => {
            if (pending) event.preventDefault();
          }}
          onCloseAutoFocus={(event) => {
            const target = done.current ? focusAfterDone?.() : opener.current;
            done.current = false;
            if (target?.isConnected) {
              event.preventDefault();
              target.focus();
            }
          }}
        >
          <AlertDialog.Title className="text-lg font-semibold text-slate-900">{title}</AlertDialog.Title>
          <AlertDialog.Description asChild>
            <div className="space-y-2 text-slate-700">{children}</div>
          </AlertDialog.Description>
          {error ? <Alert tone="error" title={error} /> : null}
          <div className="flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
            <AlertDialog.Cancel className={buttonStyles.secondary} disabled={pending}>
              {cancelLabel}
            </AlertDialog.Cancel>
            <button ref={confirmButton} type="button" className={tone === "danger" ? buttonStyles.danger : buttonStyles.primary} disabled={pending} onClick={() => void confirm()}>
              {confirmLabel}
            </button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
