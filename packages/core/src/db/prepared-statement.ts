import pg from "pg";

// Hot paths (password sign-in, session verification) run prepared statements on the pg pool under
// the Prisma client instead of Prisma queries: a Prisma 6.19 `findUnique` costs about ten times the
// Node CPU of a prepared statement (docs/decisions.md, "Hot path on prepared statements"). Each
// statement has a name, so pg parses it once per pooled connection and afterwards only binds.

/** A pooled pg client inside a transaction, or the pool itself for a single statement. */
export type SqlClient = pg.Pool | pg.PoolClient;

export type PreparedStatement = { name: string; text: string };

// Prisma's DateTime columns are `timestamp(3)` holding UTC. pg would read them as the Node
// process's local time, so they are read as UTC here; Dates sent as parameters go as ISO strings
// with a `Z` (the connection runs with TimeZone=UTC, so either column type reads them right).
const timestampOid = 1114;
const parseUtcTimestamp = (value: string) => new Date(`${value.replace(" ", "T")}Z`);
const utcTypes = {
  getTypeParser: (oid: number, format?: "text" | "binary") =>
    oid === timestampOid && format !== "binary" ? parseUtcTimestamp : pg.types.getTypeParser(oid, format as "text"),
} as pg.CustomTypesConfig;

/** Runs a named prepared statement and returns its rows. */
export async function runPrepared<Row extends pg.QueryResultRow>(sql: SqlClient, statement: PreparedStatement, values: unknown[]): Promise<Row[]> {
  const result = await (sql as pg.ClientBase).query<Row>({
    name: statement.name,
    text: statement.text,
    values: values.map((value) => (value instanceof Date ? value.toISOString() : value)),
    types: utcTypes,
  });
  return result.rows;
}
