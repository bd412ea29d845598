import { describe, expect, it } from "vitest";
import { pgConfigFromUrl } from "../../../src/db/pg-config";

describe("pgConfigFromUrl", () => {
  it("reads host, port, user, password and database, decoding what the URL escapes", () => {
    expect(pgConfigFromUrl("postgres://rekey:p%40ss%2Fword@db.internal:6543/rekey_prod")).toMatchObject({
      host: "db.internal",
      port: 6543,
      user: "rekey",
      password: "p@ss/word",
      database: "rekey_prod",
      options: "-c TimeZone=UTC",
    });
    expect(pgConfigFromUrl("postgresql://u:p@127.0.0.1/x").port).toBe(5432);
  });

  it("connects over a Unix socket when ?host= names its directory, as libpq does", () => {
    const config = pgConfigFromUrl("postgres://rekey:secret@localhost:54329/rekey?host=%2Fvar%2Frun%2Fpostgresql");
    expect(config).toMatchObject({ host: "/var/run/postgresql", port: 54329, user: "rekey", password: "secret", database: "rekey" });
  });

  it("refuses a ?host= that is not a socket directory, and URLs of other schemes", () => {
    expect(() => pgConfigFromUrl("postgres://u:p@localhost/x?host=db.internal")).toThrow("Unix socket");
    expect(() => pgConfigFromUrl("mysql://u:p@localhost/x")).toThrow("postgres://");
  });
});
