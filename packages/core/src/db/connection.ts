import type { DbOrTx } from "./client";
import type { SqlClient } from "./prepared-statement";

/**
 * Where a core function runs its statements: a Prisma client or transaction (`db`, the usual
 * case), or a pg pool or pooled client (`sql`, hot paths only; see db/prepared-statement.ts).
 */
export type Connection = { db: DbOrTx; sql?: never } | { sql: SqlClient; db?: never };
