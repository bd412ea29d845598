import Link from "next/link";
import type { ComponentProps, ReactNode } from "react";
import { buttonStyles, focusRing, TextAreaField } from "./ui";

// Building blocks of the support dashboard: the account pages' calm look, wider, for tables.

/** A page of the dashboard: its one h1, an optional line under it, then its sections. */
export function StaffPage({ title, intro, actions, children }: { title: ReactNode; intro?: ReactNode; actions?: ReactNode; children: ReactNode }) {
  return (
    <div className="space-y-6">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight break-words text-slate-900">{title}</h1>
          {intro ? <div className="mt-1 text-slate-600">{intro}</div> : null}
        </div>
        {actions ? <div className="shrink-0">{actions}</div> : null}
      </div>
      {children}
    </div>
  );
}

/** A white panel with an h2. `id` names the heading, for aria-labelledby and in-page links. */
export function Panel({ id, title, intro, children }: { id: string; title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-6">
      <h2 id={id} className="text-lg font-semibold text-slate-900">
        {title}
      </h2>
      {intro ? <div className="mt-1 text-sm text-slate-600">{intro}</div> : null}
      <div className="mt-4 space-y-4">{children}</div>
    </section>
  );
}

const badgeTones = {
  neutral: "bg-slate-100 text-slate-800 ring-slate-300",
  risky: "bg-red-50 text-red-800 ring-red-300",
  calm: "bg-emerald-50 text-emerald-800 ring-emerald-300",
  info: "bg-sky-50 text-sky-900 ring-sky-300",
  warning: "bg-amber-50 text-amber-900 ring-amber-300",
} as const;

export function Badge({ tone = "neutral", children }: { tone?: keyof typeof badgeTones; children: ReactNode }) {
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ${badgeTones[tone]}`}>{children}</span>;
}

/** A table that scrolls sideways on a phone instead of squeezing its columns. `label` names it. */
export function Table({ label, head, children }: { label: string; head: string[]; children: ReactNode }) {
  return (
    // tabIndex: a scrolling region must be reachable by keyboard to be scrolled. relative: an absolutely
    // placed child (an sr-only text) would otherwise widen the page past the scroller.
    <div className={`relative overflow-x-auto rounded-lg ring-1 ring-slate-200 ${focusRing}`} role="region" aria-label={label} tabIndex={0}>
      <table className="min-w-full divide-y divide-slate-200 text-left text-sm">
        <thead className="bg-slate-50">
          <tr>
            {head.map((column) => (
              <th key={column} scope="col" className="px-3 py-2 font-medium whitespace-nowrap text-slate-700">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 bg-white">{children}</tbody>
      </table>
    </div>
  );
}

export function Cell({ children, wrap = false }: { children: ReactNode; wrap?: boolean }) {
  return <td className={`px-3 py-2 align-top ${wrap ? "break-words" : "whitespace-nowrap"}`}>{children}</td>;
}

/** "Nothing here": a quiet line in place of an empty table. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 px-4 py-8 text-center">
      <p className="font-medium text-slate-800">{title}</p>
      {children ? <div className="mt-1 text-sm text-slate-600">{children}</div> : null}
    </div>
  );
}

/** Links styled as tabs; the URL holds the choice, so a tab can be bookmarked and the page works without script. */
export function TabLinks({ label, tabs }: { label: string; tabs: { href: string; label: string; count?: number; current: boolean }[] }) {
  return (
    <nav aria-label={label} className="-mx-1 overflow-x-auto">
      <ul className="flex min-w-max gap-1 border-b border-slate-200 px-1">
        {tabs.map((tab) => (
          <li key={tab.href}>
            <Link
              href={tab.href}
              aria-current={tab.current ? "page" : undefined}
              className={`-mb-px inline-flex items-center gap-2 rounded-t-md border-b-2 px-3 py-2 text-sm font-medium ${focusRing} ${
                tab.current ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"
              }`}
            >
              {tab.label}
              {tab.count !== undefined ? (
                <span className={`rounded-full px-1.5 text-xs ${tab.current ? "bg-indigo-100 text-indigo-800" : "bg-slate-100 text-slate-700"}`}>{tab.count}</span>
              ) : null}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * "Organisation: [..] Show": for a staff member who serves several tenants, a plain GET form that
 * puts the chosen tenant in the page's `?tenant=`. `allLabel` adds a first choice for every tenant.
 */
export function TenantPicker({ id, action, tenants, value, allLabel }: { id: string; action: string; tenants: { tenantId: string; tenantName: string }[]; value: string; allLabel?: string }) {
  return (
    <form method="get" action={action} className="flex flex-col gap-3 sm:flex-row sm:items-end">
      <div>
        <label htmlFor={id} className="block text-sm font-medium text-slate-800">
          Organisation
        </label>
        <select id={id} name="tenant" defaultValue={value} className={`mt-1.5 ${selectClass}`}>
          {allLabel ? <option value="">{allLabel}</option> : null}
          {tenants.map((m) => (
            <option key={m.tenantId} value={m.tenantId}>
              {m.tenantName}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className={buttonStyles.secondary}>
        Show
      </button>
    </form>
  );
}

export const selectClass =
  "block w-full rounded-lg border border-slate-300 bg-white px-3 py-2.5 text-base text-slate-900 shadow-xs " +
  "focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-indigo-600";


/** A labelled multi-line field (TextAreaField), with onChange taking the text. */
export function TextArea({ onChange, ...field }: Omit<ComponentProps<typeof TextAreaField>, "onChange"> & { name: string; onChange?: (value: string) => void }) {
  return <TextAreaField {...field} onChange={onChange ? (event) => onChange(event.target.value) : undefined} />;
}
