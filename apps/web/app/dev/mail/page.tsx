import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Fragment, type ReactNode } from "react";
import { focusRing } from "@/components/ui";
import { formatDateTime } from "@/lib/format";
import { DEFAULT_TENANT } from "@/lib/tenant-href";
import { getCaller } from "@/server/caller";
import { errorCode } from "@/server/errors";

// The development mail viewer: what the outbox would have sent, for people and for tests.
// The api answers FORBIDDEN unless REKEY_DEV_MAILBOX=1, and then this page does not exist.

export const metadata: Metadata = { title: "Development mailbox" };

const URL_PATTERN = /(https?:\/\/[^\s<>"']+)/g;

/** Plain text with its http(s) links made clickable; nothing else is interpreted. */
function linkify(text: string): ReactNode[] {
  return text.split(URL_PATTERN).map((part, index) =>
    index % 2 === 1 ? (
      <a key={index} href={part} className={`break-all text-indigo-700 underline underline-offset-2 ${focusRing}`}>
        {part}
      </a>
    ) : (
      <Fragment key={index}>{part}</Fragment>
    ),
  );
}

/**
 * The HTML body goes into a sandboxed srcdoc iframe: no scripts, no same-origin access, and
 * links open in the whole window (`<base target="_top">`) after a click.
 */
function htmlDocument(html: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><base target="_top"></head><body>${html}</body></html>`;
}

export default async function DevMailPage() {
  const caller = await getCaller(DEFAULT_TENANT);
  let messages: Awaited<ReturnType<typeof caller.devMail.list>>;
  try {
    messages = await caller.devMail.list();
  } catch (error) {
    if (errorCode(error) === "FORBIDDEN") notFound();
    throw error;
  }
  const newestFirst = messages.toSorted((a, b) => b.createdAt.getTime() - a.createdAt.getTime());

  return (
    <main className="mx-auto max-w-3xl px-4 py-8">
      <h1 className="text-2xl font-semibold">Development mailbox</h1>
      <p className="mt-2 text-slate-600">
        Messages the app would have sent, newest first. Only shown when the development mailbox is on.{" "}
        <a href="/dev/mail" className={`font-medium text-indigo-700 underline underline-offset-2 ${focusRing}`}>
          Refresh
        </a>
      </p>
      {newestFirst.length === 0 ? <p className="mt-8 text-slate-700">No messages yet.</p> : null}
      <ol className="mt-8 space-y-6">
        {newestFirst.map((message) => (
          <li key={message.id}>
            <article className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200" aria-labelledby={`message-${message.id}`}>
              <h2 id={`message-${message.id}`} className="text-lg font-semibold break-words">
                {message.subject || (message.channel === "sms" ? "Text message" : "(no subject)")}
              </h2>
              <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                <dt className="text-slate-600">To</dt>
                <dd className="break-all">{message.to}</dd>
                <dt className="text-slate-600">Sent as</dt>
                <dd>{message.channel === "sms" ? "Text message" : "Email"}</dd>
                <dt className="text-slate-600">Status</dt>
                <dd>{message.status}</dd>
                <dt className="text-slate-600">Queued</dt>
                <dd>{formatDateTime(message.createdAt)}</dd>
              </dl>
              <div className="mt-4 rounded-lg bg-slate-50 p-4 text-sm whitespace-pre-wrap break-words">{linkify(message.text)}</div>
              {message.html ? (
                <details className="mt-4">
                  <summary className={`cursor-pointer text-sm font-medium text-slate-700 ${focusRing}`}>Show the HTML version</summary>
                  <iframe
                    title={`HTML version of: ${message.subject}`}
                    srcDoc={htmlDocument(message.html)}
                    sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation"
                    className="mt-3 h-96 w-full rounded-lg bg-white ring-1 ring-slate-200"
                  />
                </details>
              ) : null}
            </article>
          </li>
        ))}
      </ol>
    </main>
  );
}
