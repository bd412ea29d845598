import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, routeConsoleTo, scrubSecrets, withRequestId } from "../../../src/operations";

// S3: a secret never reaches a log, whether a field holds it or a message quotes it.

function capturingLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      done();
    },
  });
  return { logger: createLogger({ service: "web", destination }), lines };
}

describe("secrets written to the logs", () => {
  it("redacts passwords, codes, tokens, cookies and authorization headers by field, at any of three depths", () => {
    const { logger, lines } = capturingLogger();
    logger.info(
      {
        password: "correct horse battery",
        input: { newPassword: "another secret one", code: "493817", sessionToken: "tok_live_session" },
        req: { headers: { authorization: "Bearer rky_live_abc", cookie: "rekey_session=s3cr3t", "set-cookie": "rekey_session=s3cr3t" } },
      },
      "fields",
    );
    const written = lines.join("\n");
    for (const secret of ["correct horse battery", "another secret one", "493817", "tok_live_session", "rky_live_abc", "s3cr3t"]) {
      expect(written).not.toContain(secret);
    }
    expect(JSON.parse(lines[0]!)).toMatchObject({ password: "[redacted]", input: { code: "[redacted]" }, req: { headers: { cookie: "[redacted]" } } });
  });

  it("scrubs secrets quoted in free text: links with tokens, API keys, webhook secrets, bearer headers, cookies, database passwords", () => {
    const text = [
      "https://accounts.example.com/reset-password#token=Zq9xY1",
      "/continue?rekey_code=c0de&state=st4te",
      "key rky_test_4bC9dEfGhIjKlMnOpQrStU1a2b3c",
      "secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      "Authorization: Bearer eyJhbGciOi.payload.sig",
      "cookie: __Host-rekey_session=abc123; next-auth.csrf-token=xyz789",
      "postgres://rekey:pa55word@db:5432/rekey",
    ].join("\n");
    const scrubbed = scrubSecrets(text);
    for (const secret of ["Zq9xY1", "c0de", "st4te", "4bC9dEfGhIjKlMnOpQrStU1a2b3c", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "eyJhbGciOi", "abc123", "xyz789", "pa55word"]) {
      expect(scrubbed).not.toContain(secret);
    }
    // What the line was about stays readable.
    expect(scrubbed).toContain("https://accounts.example.com/reset-password#token=[redacted]");
    expect(scrubbed).toContain("postgres://rekey:[redacted]@db:5432/rekey");
  });

  it("puts the request id on every line written while a request is handled, console lines included", async () => {
    const { logger, lines } = capturingLogger();
    const original = { ...console };
    routeConsoleTo(logger);
    try {
      await withRequestId("req-42", async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        console.error(new Error("lookup failed for https://x.test/verify-email#token=leak"));
        console.log("printed by a library");
      });
      console.log("outside any request");
    } finally {
      Object.assign(console, original);
    }
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.map((entry) => [entry.msg, entry.requestId])).toEqual([
      ["lookup failed for https://x.test/verify-email#token=[redacted]", "req-42"],
      ["printed by a library", "req-42"],
      ["outside any request", undefined],
    ]);
    expect(lines.join("\n")).not.toContain("leak");
  });
});
