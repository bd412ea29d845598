import { describe, expect, it } from "vitest";
import { decodeAccountCursor } from "../../../src/accounts/find-accounts";

const encode = (text: string) => Buffer.from(text).toString("base64url");

// users.list's cursor is opaque to callers but not trusted: anything that is not a position it
// made (a forged id, SQL, a huge number) is refused before it reaches a query.
describe("decodeAccountCursor", () => {
  it("reads back a position", () => {
    expect(decodeAccountCursor(encode("1767225600000.usr_AAAAAAAAAAAAAAAAAAAAAA"))).toEqual({
      createdAt: new Date("2026-01-01T00:00:00.000Z"),
      id: "usr_AAAAAAAAAAAAAAAAAAAAAA",
    });
  });

  it.each([
    ["not base64 of anything", "not-a-cursor!"],
    ["an empty string", ""],
    ["a session id", encode("1767225600000.ses_AAAAAAAAAAAAAAAAAAAAAA")],
    ["SQL in the id", encode("1767225600000.usr_' OR '1'='1")],
    ["a time that is not a number", encode("soon.usr_AAAAAAAAAAAAAAAAAAAAAA")],
    ["a time past any date", encode("9999999999999999.usr_AAAAAAAAAAAAAAAAAAAAAA")],
    ["no id", encode("1767225600000.")],
  ])("refuses %s", (_case, cursor) => {
    expect(decodeAccountCursor(cursor)).toBeNull();
  });
});
