"use client";

import { useEffect, useState } from "react";
import { createPortal } from "react-dom";
import { formatDate } from "@/lib/format";
import type { IssuedRecoveryCodes } from "@/server/actions/recovery-codes";
import { buttonStyles } from "./ui";

export type SavedBy = "download" | "print" | "copy";

type Props = {
  issued: IssuedRecoveryCodes;
  /** The account's email, on the printout. */
  account: string;
  /** The organisation the account belongs to, on the printout. */
  tenantName: string;
  /** Called each time the person downloads, prints or copies the codes. */
  onSaved?: (by: SavedBy) => void;
};

/** "Recovery codes" or "recovery key", for sentences around a set of either style. */
export function recoveryWords(style: IssuedRecoveryCodes["style"]) {
  return style === "key"
    ? { them: "your recovery key", Them: "Your recovery key", one: "your recovery key", noun: "key" }
    : { them: "your recovery codes", Them: "Your recovery codes", one: "one of your codes", noun: "codes" };
}

/**
 * A freshly made set, shown once (S21), with the three ways to keep it: the .txt the api wrote
 * (saved from memory through a Blob: the codes never travel in a URL), a printout of just the
 * codes, and the clipboard. Nothing here sends the codes anywhere.
 */
export function RecoveryCodesSheet({ issued, account, tenantName, onSaved }: Props) {
  const [createdAt] = useState(() => new Date());
  const [copied, setCopied] = useState<"copied" | "failed" | null>(null);
  const [downloaded, setDownloaded] = useState(false);
  const [inBody, setInBody] = useState(false);
  const words = recoveryWords(issued.style);
  const isKey = issued.style === "key";

  // The print sheet is portalled into <body> once this has mounted (see globals.css).
  useEffect(() => setInBody(true), []);

  function download() {
    const url = URL.createObjectURL(new Blob([issued.file.text], { type: "text/plain;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = issued.file.name;
    document.body.append(link);
    link.click();
    link.remove();
    // Some browsers read the blob after click() returns; let go of it a little later.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    setDownloaded(true);
    onSaved?.("download");
  }

  function print() {
    window.print();
    onSaved?.("print");
  }

  async function copy() {
    try {
      await navigator.clipboard.writeText(issued.codes.join("\n"));
      setCopied("copied");
      onSaved?.("copy");
    } catch {
      setCopied("failed");
    }
  }

  return (
    <div className="space-y-4">
      <ol
        aria-label={words.Them}
        className={`grid gap-2 rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200 ${isKey ? "grid-cols-1" : "grid-cols-1 min-[420px]:grid-cols-2"}`}
      >
        {issued.codes.map((code, index) => (
          <li key={code} className="flex items-baseline gap-2">
            {isKey ? null : (
              <span aria-hidden="true" className="w-6 shrink-0 text-right text-sm text-slate-500 tabular-nums">
                {index + 1}.
              </span>
            )}
            <code data-recovery-code className="font-mono text-lg tracking-wide break-all text-slate-900 select-all">
              {code}
            </code>
          </li>
        ))}
      </ol>

      <div className="flex flex-col gap-3 sm:flex-row sm:flex-wrap">
        <button type="button" className={buttonStyles.primary} onClick={download}>
          Download {words.noun}
        </button>
        <button type="button" className={buttonStyles.secondary} onClick={print}>
          Print {words.noun}
        </button>
        <button type="button" className={buttonStyles.secondary} onClick={() => void copy()}>
          Copy {words.noun}
        </button>
      </div>
      {/* Always on the page, so screen readers announce what appears in it. */}
      <div role="status" className="text-sm empty:hidden">
        {copied === "copied" ? <p className="text-emerald-800">Copied to your clipboard. Paste them into your password manager or a note you keep safe.</p> : null}
        {copied === "failed" ? <p className="text-red-800">Your browser did not let us copy. Select the {words.noun} and copy them yourself, or download them.</p> : null}
        {downloaded ? <p className="text-emerald-800">Downloaded {issued.file.name}.</p> : null}
      </div>

      {inBody
        ? createPortal(
            <div data-print-sheet className="hidden text-black print:block">
              <h1 className="text-2xl font-semibold">{isKey ? "Recovery key" : "Recovery codes"}</h1>
              <p className="mt-2">{tenantName}</p>
              <p className="mt-2">Account: {account}</p>
              <p>Created: {formatDate(createdAt)}</p>
              <ol className={`mt-8 grid gap-x-10 gap-y-4 font-mono text-xl ${isKey ? "grid-cols-1" : "grid-cols-2"}`}>
                {issued.codes.map((code, index) => (
                  <li key={code} className="whitespace-nowrap">
                    {isKey ? null : `${index + 1}. `}
                    {code}
                  </li>
                ))}
              </ol>
              <p className="mt-8 text-sm">
                {isKey ? "The key works once; you then get a new one." : "Each code works once."} Keep this page somewhere safe.
              </p>
            </div>,
            document.body,
          )
        : null}
    </div>
  );
}
