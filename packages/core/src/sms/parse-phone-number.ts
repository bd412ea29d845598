import { parsePhoneNumberFromString, type NumberType } from "libphonenumber-js/max";
import { AppError } from "../errors/app-error";

// Numbers that cannot receive a text, and the premium and shared-cost ranges that SMS-pumping
// fraud (artificially inflated traffic) sends codes to at the sender's expense.
const refusedTypes = new Set<NumberType>(["FIXED_LINE", "PREMIUM_RATE", "TOLL_FREE", "SHARED_COST", "VOICEMAIL", "PAGER"]);

/**
 * Validates a phone number typed by a person and returns it in E.164 ("+447400123456"). The full
 * metadata ("max") checks the number against its country's real number ranges, not just its length.
 * No default country: a number without "+" and a country code is refused rather than guessed.
 */
export function parsePhoneNumber(input: string): string {
  const trimmed = input.trim();
  const parsed = trimmed.length <= 40 && trimmed.startsWith("+") ? parsePhoneNumberFromString(trimmed) : undefined;
  if (!parsed || !parsed.isValid()) {
    throw new AppError("BAD_REQUEST", "Enter a full phone number with country code, for example +44 7400 123456.");
  }
  const type = parsed.getType();
  if (type && refusedTypes.has(type)) {
    throw new AppError("BAD_REQUEST", "That number cannot receive text messages. Enter a mobile number.");
  }
  return parsed.number;
}
