// Dates are shown in UTC with the zone spelled out: the server and the browser render the same
// text (no hydration mismatch), and a worried user comparing times with an email is not misled.
const dateTime = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
});

export function formatDateTime(value: Date | string): string {
  const date = typeof value === "string" ? new Date(value) : value;
  return `${dateTime.format(date)} UTC`;
}

export function formatMinutes(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

const dateOnly = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** A day without the time, e.g. "22 November 2026" (UTC, like formatDateTime). */
export function formatDate(value: Date | string): string {
  return dateOnly.format(typeof value === "string" ? new Date(value) : value);
}

/** A client address as stored, or null when none was known (request-info.ts stores "unknown"). */
export function knownIp(ip: string | null | undefined): string | null {
  return ip && ip !== "unknown" ? ip : null;
}
