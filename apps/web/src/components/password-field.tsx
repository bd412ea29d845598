"use client";

import { useEffect, useId, useRef, useState } from "react";
import { checkPasswordAction, type PasswordCheck } from "@/server/actions/account";
import { inputClass, ReasonList } from "./ui";

const DEBOUNCE_MS = 300;
const scoreWords = ["Very weak", "Weak", "Fair", "Good", "Strong"] as const;
const scoreColours = ["bg-red-500", "bg-orange-500", "bg-amber-500", "bg-lime-600", "bg-emerald-600"] as const;
const looksLikeEmail = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Props = {
  tenant: string;
  id: string;
  name: string;
  label: string;
  /** Reasons the server gave when it refused the submitted password. */
  errors?: string[];
  /** Ids of other messages describing this field (e.g. the form's error). */
  describedBy?: string[];
  /** Known facts about the person that make a password guessable (e.g. their email). */
  userInputs?: { email?: string; name?: string };
  /** Or: names of sibling fields of the same form to read them from (sign-up). */
  userInputFields?: { email?: string; name?: string };
  /** False where leaving it empty keeps the current password (recovery through support). */
  required?: boolean;
};

/**
 * A new-password field with a live strength meter. Typing asks the server's estimator (through a
 * server action, debounced) so the page says why a password would be refused before submitting.
 * Paste is allowed and there are no composition rules (SECURITY.md S4).
 */
export function PasswordField({ tenant, id, name, label, errors = [], describedBy = [], userInputs, userInputFields, required = true }: Props) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [password, setPassword] = useState("");
  const [check, setCheck] = useState<PasswordCheck | null>(null);
  const latestRequest = useRef(0);
  const strengthId = useId();
  const errorId = `${id}-error`;

  useEffect(() => {
    if (password.length === 0) {
      latestRequest.current += 1;
      setCheck(null);
      return;
    }
    const timer = setTimeout(() => {
      const request = ++latestRequest.current;
      const form = inputRef.current?.form;
      const read = (field?: string) => {
        const element = field ? form?.elements.namedItem(field) : null;
        return element instanceof HTMLInputElement ? element.value.trim() : undefined;
      };
      const email = userInputs?.email ?? read(userInputFields?.email);
      const personName = userInputs?.name ?? read(userInputFields?.name);
      void checkPasswordAction(tenant, {
        password,
        ...(email && looksLikeEmail.test(email) ? { email } : {}),
        ...(personName ? { name: personName } : {}),
      }).then((result) => {
        // Only the answer to the latest keystroke counts.
        if (request === latestRequest.current) setCheck(result);
      });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [password, tenant, userInputs?.email, userInputs?.name, userInputFields?.email, userInputFields?.name]);

  // React resets a form after its action runs; the field is uncontrolled, so follow the reset.
  useEffect(() => {
    const form = inputRef.current?.form;
    if (!form) return;
    const onReset = () => setPassword("");
    form.addEventListener("reset", onReset);
    return () => form.removeEventListener("reset", onReset);
  }, []);

  const describedByIds = [...describedBy, strengthId, errors.length ? errorId : null].filter(Boolean).join(" ");
  const filled = check ? check.score + 1 : 0;
  const colour = check ? scoreColours[check.score] : "";

  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        ref={inputRef}
        id={id}
        name={name}
        type="password"
        autoComplete="new-password"
        required={required}
        className={`mt-1.5 ${inputClass}`}
        aria-invalid={errors.length ? true : undefined}
        aria-describedby={describedByIds}
        onChange={(event) => setPassword(event.target.value)}
      />
      <div className="mt-2" aria-hidden="true">
        <div className="flex gap-1">
          {[0, 1, 2, 3, 4].map((segment) => (
            <div key={segment} className={`h-1.5 flex-1 rounded-full ${segment < filled ? colour : "bg-slate-200"}`} />
          ))}
        </div>
      </div>
      <div id={strengthId} aria-live="polite" className="mt-1.5 text-sm text-slate-700">
        {password.length === 0 ? (
          <p>Use at least 8 characters. A few unrelated words make a strong password that is easy to remember.</p>
        ) : check ? (
          <>
            <p>
              <span className="font-medium">Strength: {scoreWords[check.score]}.</span>{" "}
              {check.acceptable ? "This password can be used." : "This password is too easy to guess."}
            </p>
            {check.warning ? <p className="mt-1 text-amber-800">{check.warning}</p> : null}
            {!check.acceptable || check.score < 3 ? <ReasonList reasons={check.suggestions} /> : null}
          </>
        ) : null}
      </div>
      {errors.length ? (
        <div id={errorId} className="mt-1.5 text-sm text-red-700">
          <p>This password can’t be used:</p>
          <ReasonList reasons={errors} />
        </div>
      ) : null}
    </div>
  );
}
