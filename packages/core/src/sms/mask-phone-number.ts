import { parsePhoneNumberFromString } from "libphonenumber-js/max";

/**
 * "+447400123456" -> "+44...3456": enough for the owner to recognise the number, too little to
 * text it. Used in logs, audit rows and on pages, which must not become a directory of numbers.
 */
export function maskPhoneNumber(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  const digits = e164.replace(/\D/g, "");
  const countryCode = parsed?.countryCallingCode ?? "";
  const lastFour = digits.slice(-4);
  return countryCode ? `+${countryCode}...${lastFour}` : `...${lastFour}`;
}
