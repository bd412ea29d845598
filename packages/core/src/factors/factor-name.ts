import { AppError } from "../errors/app-error";

/** Factor names are the user's own labels ("Work phone", "Blue YubiKey"). */
export function normalizeFactorName(name: string | undefined, fallback: string): string {
  const trimmed = (name ?? "").trim().replace(/\s+/g, " ");
  if (!trimmed) return fallback;
  if (trimmed.length > 60) throw new AppError("BAD_REQUEST", "Use a name of at most 60 characters.");
  return trimmed;
}
