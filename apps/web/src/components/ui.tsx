import Link from "next/link";
import type { ComponentProps, ReactNode } from "react";

// Plain semantic building blocks. Every input has a visible <label>; errors are linked to their
// inputs with aria-describedby; focus is always visible.

export const focusRing =
  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";

export function Card({ title, intro, children, wide = false }: { title: string; intro?: ReactNode; children: ReactNode; wide?: boolean }) {
  return (
    <section className={`mx-auto w-full ${wide ? "max-w-2xl" : "max-w-md"} rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8`}>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
      {intro ? <div className="mt-2 text-slate-600">{intro}</div> : null}
      <div className="mt-6 space-y-6">{children}</div>
    </section>
  );
}

/**
 * A page of its own, outside any tenant's layout: a missing page, or one that failed to render.
 * `alert`: announce it at once, as an error.
 */
export function MessagePage({ title, message, action, alert = false }: { title: string; message: string; action: ReactNode; alert?: boolean }) {
  return (
    <main className="flex min-h-dvh items-center justify-center px-4">
      <section role={alert ? "alert" : undefined} className="w-full max-w-md rounded-2xl bg-white p-8 text-center shadow-sm ring-1 ring-slate-200">
        <h1 className="text-2xl font-semibold">{title}</h1>
        <p className="mt-2 text-slate-600">{message}</p>
        <p className="mt-6">{action}</p>
      </section>
    </main>
  );
}

/** `warning`: something to act on soon that is not an error (few recovery codes left). */
export function Alert({ tone, id, title, children }: { tone: "error" | "warning" | "success" | "info"; id?: string; title?: string; children?: ReactNode }) {
  const styles = {
    error: "border-red-200 bg-red-50 text-red-900",
    warning: "border-amber-300 bg-amber-50 text-amber-950",
    success: "border-emerald-200 bg-emerald-50 text-emerald-900",
    info: "border-sky-200 bg-sky-50 text-sky-900",
  }[tone];
  return (
    <div id={id} role={tone === "error" ? "alert" : "status"} className={`rounded-lg border px-4 py-3 ${styles}`}>
      {title ? <p className="font-medium">{title}</p> : null}
      {children ? <div className={title ? "mt-1" : ""}>{children}</div> : null}
    </div>
  );
}

/** Reasons listed under a field or an alert (e.g. why a password was refused). */
export function ReasonList({ reasons }: { reasons: string[] }) {
  if (reasons.length === 0) return null;
  return (
    <ul className="mt-1 list-disc space-y-1 pl-5">
      {reasons.map((reason) => (
        <li key={reason}>{reason}</li>
      ))}
    </ul>
  );
}

export const inputClass =
  "block w-full rounded-lg border border-slate-300 bg-white px-3 py-2.5 text-base text-slate-900 shadow-xs " +
  "placeholder:text-slate-400 aria-[invalid=true]:border-red-500 " +
  "focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-indigo-600";

type FieldFrameProps = {
  id: string;
  label: string;
  hint?: ReactNode;
  /** Ids of messages elsewhere on the page that describe this field (e.g. a form error). */
  describedBy?: string[];
  errors?: string[];
  invalid?: boolean;
};

/** The label, hint and reasons around a control, and the aria attributes that tie them to it. */
function FieldFrame({ id, label, hint, describedBy = [], errors = [], invalid = false, control }: FieldFrameProps & { control: (aria: { "aria-invalid"?: true; "aria-describedby"?: string }) => ReactNode }) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors.length ? `${id}-error` : undefined;
  const describedByIds = [...describedBy, hintId, errorId].filter(Boolean).join(" ");
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {control({ "aria-invalid": errors.length > 0 || invalid ? true : undefined, "aria-describedby": describedByIds || undefined })}
      {hint ? (
        <p id={hintId} className="mt-1.5 text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      {errors.length ? (
        <div id={errorId} className="mt-1.5 text-sm text-red-700">
          <ReasonList reasons={errors} />
        </div>
      ) : null}
    </div>
  );
}

type FieldProps = Omit<ComponentProps<"input">, "id" | "className"> & FieldFrameProps;

export function Field({ id, label, hint, describedBy, errors, invalid, ...input }: FieldProps) {
  return <FieldFrame {...{ id, label, hint, describedBy, errors, invalid }} control={(aria) => <input id={id} className={`mt-1.5 ${inputClass}`} {...aria} {...input} />} />;
}

type TextAreaFieldProps = Omit<ComponentProps<"textarea">, "id" | "className"> & FieldFrameProps;

/** Field for several lines of plain text. */
export function TextAreaField({ id, label, hint, describedBy, errors, invalid, rows = 4, ...textarea }: TextAreaFieldProps) {
  return (
    <FieldFrame
      {...{ id, label, hint, describedBy, errors, invalid }}
      control={(aria) => <textarea id={id} rows={rows} className={`mt-1.5 ${inputClass} resize-y`} {...aria} {...textarea} />}
    />
  );
}

/** A checkbox with its label beside it and, when given, a hint under the label. */
export function Checkbox({ id, label, hint, checked, onChange }: { id: string; label: ReactNode; hint?: ReactNode; checked: boolean; onChange: (checked: boolean) => void }) {
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className="flex items-start gap-3">
      <input
        id={id}
        type="checkbox"
        className="mt-1 size-4 rounded border-slate-300"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        aria-describedby={hintId}
      />
      <div>
        <label htmlFor={id} className="font-medium text-slate-800">
          {label}
        </label>
        {hint ? (
          <p id={hintId} className="text-sm text-slate-600">
            {hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}

const buttonBase =
  "inline-flex w-full items-center justify-center rounded-lg px-4 py-2.5 text-base font-medium transition-colors " +
  "disabled:cursor-not-allowed disabled:opacity-60 sm:w-auto " +
  focusRing;

export const buttonStyles = {
  primary: `${buttonBase} bg-indigo-600 text-white hover:bg-indigo-700`,
  secondary: `${buttonBase} bg-white text-slate-900 ring-1 ring-slate-300 hover:bg-slate-50`,
  danger: `${buttonBase} bg-white text-red-700 ring-1 ring-red-300 hover:bg-red-50`,
};

export function TextLink({ href, children, ...rest }: ComponentProps<typeof Link>) {
  return (
    <Link href={href} className={`font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900 ${focusRing} rounded-sm`} {...rest}>
      {children}
    </Link>
  );
}

/** A row of links or buttons at the bottom of a card. */
export function Actions({ children }: { children: ReactNode }) {
  return <div className="flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-center">{children}</div>;
}
