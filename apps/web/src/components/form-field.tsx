import type { ComponentProps, ReactNode } from "react";
import type { FormError } from "@/lib/form-state";
import { Alert, Field, ReasonList } from "./ui";

// A form's error is one alert above its fields; the fields it concerns name it in
// aria-describedby, so a screen reader on the field hears why the form was refused.

type FormErrorAlertProps = {
  error: FormError | null;
  /** What the form's fields name in aria-describedby. */
  id?: string;
  /** Instead of the error's own message. */
  title?: string;
  /** List the error's reasons (`details`, e.g. which fields the server refused) under it. */
  withDetails?: boolean;
  children?: ReactNode;
};

/** The form's error, announced (role="alert"). */
export function FormErrorAlert({ error, id, title, withDetails = false, children }: FormErrorAlertProps) {
  if (!error) return null;
  const reasons = withDetails && error.details ? <ReasonList reasons={error.details} /> : null;
  return (
    <Alert tone="error" id={id} title={title ?? error.message}>
      {reasons && children ? (
        <>
          {reasons}
          {children}
        </>
      ) : (
        (reasons ?? children)
      )}
    </Alert>
  );
}

/** The ids a field names while the form's error is shown (`errorId`), then its own (`more`). */
export function describedByFormError(error: FormError | null, errorId: string, more: string[] = []): string[] {
  return error ? [errorId, ...more] : more;
}

type FormFieldProps = ComponentProps<typeof Field> & {
  /** The form's error, shown in the FormErrorAlert whose id is `errorId`. */
  formError: FormError | null;
  errorId: string;
  /** The error is about this field's value (a refused code): also mark the field invalid. */
  invalidOnError?: boolean;
};

/** A labelled input that the form's error describes while it is shown. */
export function FormField({ formError, errorId, invalidOnError = false, describedBy, invalid, ...field }: FormFieldProps) {
  return <Field {...field} describedBy={describedByFormError(formError, errorId, describedBy)} invalid={invalid ?? (invalidOnError && formError !== null)} />;
}
