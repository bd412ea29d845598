import { describe, expect, it } from "vitest";
import { recoveryCodesFileName, recoveryCodesText } from "../../src/recovery-codes/recovery-codes-file";

const createdAt = new Date("2026-11-22T23:30:00Z");
const codes = Array.from({ length: 10 }, (_, index) => `ABCD-EFGH-JKMN-PQ${String(index).padStart(2, "0")}`);

describe("recoveryCodesText", () => {
  it("names the service, the organisation and the account, dates the set and says how to keep it", () => {
    const text = recoveryCodesText({ serviceName: "Rekey", tenantName: "Acme Books", accountEmail: "ada@example.com", createdAt, codes });
    expect(text.split("\n").slice(0, 6)).toEqual([
      "Rekey recovery codes for Acme Books",
      "Account: ada@example.com",
      "Created: 2026-11-22",
      "",
      "Each code works once. Keep them somewhere safe and offline (printed, or in a password manager); anyone with them and your password can sign in as you.",
      "",
    ]);
  });

  it("lists every code once, numbered in the order shown, and ends with a newline", () => {
    const text = recoveryCodesText({ serviceName: "Rekey", tenantName: "Acme", accountEmail: "ada@example.com", createdAt, codes });
    const listed = text.split("\n").filter((line) => /^ ?\d+\. /.test(line));
    expect(listed).toEqual(codes.map((code, index) => `${String(index + 1).padStart(2, " ")}. ${code}`));
    expect(text.endsWith("\n")).toBe(true);
  });

  it("speaks of a single key for the key style", () => {
    const key = "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345";
    const text = recoveryCodesText({ serviceName: "Rekey", tenantName: "Acme", accountEmail: "ada@example.com", createdAt, codes: [key] });
    expect(text).toContain("Rekey recovery key for Acme");
    expect(text).toContain("The key works once, then you get a new one.");
    expect(text.split("\n")).toContain(key);
  });

  it("does not repeat the service as the organisation, and keeps a name with a line break on its line", () => {
    const text = recoveryCodesText({ serviceName: "Rekey", tenantName: "Rekey", accountEmail: "ada@example.com", createdAt, codes });
    expect(text.split("\n")[0]).toBe("Rekey recovery codes");
    const hostile = recoveryCodesText({ serviceName: "Rekey", tenantName: "Acme\n 1. AAAA-AAAA-AAAA-AAAA", accountEmail: "ada@example.com", createdAt, codes });
    expect(hostile.split("\n")[0]).toBe("Rekey recovery codes for Acme 1. AAAA-AAAA-AAAA-AAAA");
    expect(hostile.split("\n").filter((line) => /^ ?\d+\. /.test(line))).toHaveLength(codes.length);
  });
});

describe("recoveryCodesFileName", () => {
  it.each([
    ["a plain address", "acme", "ada@example.com", "rekey-recovery-codes-acme-ada-2026-11-22.txt"],
    ["dots and plus in the local part", "acme", "Ada.Lovelace+codes@example.com", "rekey-recovery-codes-acme-ada-lovelace-codes-2026-11-22.txt"],
    ["accents", "acme", "josé.núñez@example.com", "rekey-recovery-codes-acme-jose-nunez-2026-11-22.txt"],
    ["another script (left out)", "acme", "иван@example.com", "rekey-recovery-codes-acme-2026-11-22.txt"],
    ["path and shell characters", "acme", "../../etc/passwd;rm -rf@example.com", "rekey-recovery-codes-acme-etc-passwd-rm-rf-2026-11-22.txt"],
    ["quotes and an @ in a quoted local part", "acme", '"ada@home"@example.com', "rekey-recovery-codes-acme-ada-home-2026-11-22.txt"],
    ["the default tenant", "default", "ada@example.com", "rekey-recovery-codes-default-ada-2026-11-22.txt"],
  ])("names the file for %s", (_label, tenantSlug, accountEmail, expected) => {
    expect(recoveryCodesFileName({ serviceName: "Rekey", tenantSlug, accountEmail, createdAt })).toBe(expected);
  });

  it("stays short and safe for a very long address", () => {
    const name = recoveryCodesFileName({ serviceName: "Rekey", tenantSlug: "acme", accountEmail: `${"a".repeat(200)}@example.com`, createdAt });
    expect(name).toMatch(/^[a-z0-9-]+\.txt$/);
    expect(name.length).toBeLessThan(120);
  });
});
