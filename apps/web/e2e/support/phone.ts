// A person's phone: the texts the run's SMS sink received for one number (support/sms-sink.ts).
import { randomInt } from "node:crypto";
import { readFileSync } from "node:fs";
import { inject, vi } from "vitest";
import "./context";
import type { ReceivedSms } from "./sms-sink";

/** A UK mobile number (valid in libphonenumber's full metadata), different for every call. */
export function newMobileNumber(): { e164: string; typed: string } {
  const digits = String(randomInt(100_000, 1_000_000));
  return { e164: `+447400${digits}`, typed: `+44 7400 ${digits}` };
}

export function readAllTexts(): ReceivedSms[] {
  return readFileSync(inject("e2e").smsFile, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as ReceivedSms);
}

export function textsTo(e164: string): ReceivedSms[] {
  return readAllTexts().filter((sms) => sms.to === e164);
}

/** The six-digit code of a code message ("Your Rekey code is 123456. ..."). */
export function codeIn(sms: ReceivedSms): string {
  const code = /code is (\d{6})\./.exec(sms.body)?.[1];
  if (!code) throw new Error(`No code in the text to ${sms.to}`);
  return code;
}

/**
 * The phone of `e164`. `nextText` waits for a text after the ones already read (the worker
 * delivers right after the commit, and its sweep picks up anything missed).
 */
export function phone(e164: string) {
  let read = textsTo(e164).length;
  return {
    e164,
    nextText(timeout = 30_000): Promise<ReceivedSms> {
      return vi.waitFor(
        () => {
          const texts = textsTo(e164);
          if (texts.length <= read) throw new Error(`No new text to ${e164} (${texts.length} received in all)`);
          read = texts.length;
          return texts.at(-1) as ReceivedSms;
        },
        { timeout, interval: 100 },
      );
    },
  };
}
