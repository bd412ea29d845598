import { smsCodeLifetimeMinutes } from "./sms-code-policy";

export type SmsCodeTextOptions = { tenantName: string; code: string; appOrigin: string };

/**
 * The text of a code message. The last line is the origin-bound one-time code format (WebOTP,
 * "@host #code"): browsers offer to fill the code only on that site, which takes some of the sting
 * out of a phishing page asking for it.
 */
export function smsCodeText(options: SmsCodeTextOptions): string {
  const { tenantName, code, appOrigin } = options;
  const host = new URL(appOrigin).hostname;
  return `Your ${tenantName} code is ${code}. Don't share it. It expires in ${smsCodeLifetimeMinutes} minutes.\n\n@${host} #${code}`;
}
