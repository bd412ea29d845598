// Runs after every other file (see the sequencer in vitest.e2e.config.ts): no emailed token or
// texted code the run produced appears in what the web app or the worker printed (S3).
import { readFileSync } from "node:fs";
import { expect, inject, test } from "vitest";
import { readAllMail, tokenLinks, tokenOf } from "./support/mailbox";
import { codeIn, readAllTexts } from "./support/phone";

test("no emailed token appears in the web app's or the worker's output", (context) => {
  const { webLogFile, workerLogFile } = inject("e2e");
  const tokens = readAllMail().flatMap((mail) => tokenLinks(mail).map(tokenOf));
  if (tokens.length === 0) context.skip("no mail with a token was sent in this run (run the whole suite)");

  const logs = { web: readFileSync(webLogFile, "utf8"), worker: readFileSync(workerLogFile, "utf8") };
  for (const [name, log] of Object.entries(logs)) {
    const leaked = tokens.filter((token) => log.includes(token) || log.includes(encodeURIComponent(token)));
    expect(leaked, `tokens printed by the ${name} process`).toEqual([]);
  }
});

test("no texted code appears in the web app's or the worker's output", (context) => {
  const { webLogFile, workerLogFile } = inject("e2e");
  const texts = readAllTexts();
  if (texts.length === 0) context.skip("no text was sent in this run (run the whole suite)");

  const logs = { web: readFileSync(webLogFile, "utf8"), worker: readFileSync(workerLogFile, "utf8") };
  for (const [name, log] of Object.entries(logs)) {
    // A bare six-digit number could be anything in a log; the code's own phrasings cannot.
    const leaked = texts.filter((sms) => log.includes(`code is ${codeIn(sms)}`) || log.includes(`#${codeIn(sms)}`));
    expect(leaked.map((sms) => sms.to), `texts whose code the ${name} process printed`).toEqual([]);
  }
});
