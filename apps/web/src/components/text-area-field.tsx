import type { ComponentProps, ReactNode } from "react";
import { inputClass, ReasonList } from "./ui";

type Props = Omit<ComponentProps<"textarea">, "id" | "className"> & {
  id: string;
  label: string;
  hint?: ReactNode;
  /** Ids of messages elsewhere on the page that describe this field (e.g. a form error). */
  describedBy?: string[];
  errors?: string[];
  invalid?: boolean;
};

/** Field (ui.tsx) for several lines of plain text. */
export function TextAreaField({ id, label, hint, describedBy = [], errors = [], invalid = false, rows = 4, ...textarea }: Props) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors.length ? `${id}-error` : undefined;
  const describedByIds = [...describedBy, hintId, errorId].filter(Boolean).join(" ");
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <textarea
        id={id}
        rows={rows}
        className={`mt-1.5 ${inputClass} resize-y`}
        aria-invalid={errors.length > 0 || invalid ? true : undefined}
        aria-describedby={describedByIds || undefined}
        {...textarea}
      />
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
