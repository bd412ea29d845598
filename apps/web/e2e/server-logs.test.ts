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

test("no password, session cookie, API key or bearer credential appears in the logs, and the web server writes only JSON lines", () => {
  const { webLogFile, workerLogFile, admin } = inject("e2e");
  const web = readFileSync(webLogFile, "utf8");
  const logs = { web, worker: readFileSync(workerLogFile, "utf8") };
  for (const [name, log] of Object.entries(logs)) {
    // The staff admin signs in many times in a run (the dashboard's tests), through every sign-in path.
    expect(log.includes(admin.password), `the admin's password in the ${name} process's output`).toBe(false);
    expect(log.match(/rky_(live|test)_[A-Za-z0-9]{20,}/g) ?? [], `API keys in the ${name} process's output`).toEqual([]);
    expect(log.match(/rekey_session=(?!\[redacted\])[^;\s"]+/g) ?? [], `session cookies in the ${name} process's output`).toEqual([]);
    expect(log.match(/Bearer (?!\[redacted\])[A-Za-z0-9._~+/=-]{8,}/g) ?? [], `bearer credentials in the ${name} process's output`).toEqual([]);
  }
  // Lines an operator's log shipper can parse, each request's with its id.
  const lines = web.split("\n").filter((line) => line.trim() !== "");
  const notJson = lines.filter((line) => {
    try {
      return typeof JSON.parse(line) !== "object";
    } catch {
      return true;
    }
  });
  expect(notJson.slice(0, 5), "lines the web server wrote that are not JSON").toEqual([]);
  const accessLines = lines.map((line) => JSON.parse(line) as { msg?: string; requestId?: string }).filter((entry) => entry.msg === "request");
  expect(accessLines.length).toBeGreaterThan(0);
  expect(accessLines.filter((entry) => !entry.requestId)).toEqual([]);
});
