// The limits on SMS codes (S16), in one place for the code, its tests and the pages that explain them.

/** A code works this long after it was sent (N4 §3.1.3 allows at most 10 minutes). */
export const smsCodeLifetimeMinutes = 10;

/** "Send a new code" is refused this soon after the previous one for the same phone. */
export const smsResendCooldownSeconds = 30;

/** Codes a user may ask for per hour, over all purposes and phones: texts cost money and annoy. */
export const smsCodesPerHour = 5;

/** The code's length: six digits, as every phone's autofill expects. */
export const smsCodeDigits = 6;
