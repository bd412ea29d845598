import "server-only";

/** A text field of a submitted form. Passwords are never trimmed: spaces are allowed in them. */
export function formText(formData: FormData, name: string, { trim = true }: { trim?: boolean } = {}): string {
  const value = formData.get(name);
  if (typeof value !== "string") return "";
  return trim ? value.trim() : value;
}
