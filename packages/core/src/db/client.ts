import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { env } from "../env";
import { Prisma, PrismaClient } from "../generated/prisma/client";
import { pgConfigFromUrl } from "./pg-config";

// Secret columns are left out of every result unless a query asks for them by name
// (`omit: { passwordHash: false }`), so a careless `findUnique` cannot leak them into a response.
const omitSecrets = {
  user: { passwordHash: true },
  session: { tokenHash: true },
  emailToken: { tokenHash: true },
  outboxMessage: { sealedBody: true },
  oneTimeCode: { codeHash: true },
  factor: { totpSealedSecret: true },
  recoveryCodeSet: { salt: true },
  recoveryCode: { codeHash: true },
  webhookEndpoint: { sealedSecret: true, sealedPreviousSecret: true },
} satisfies Prisma.GlobalOmitConfig;

const bulkOperations = new Set(["findMany", "updateMany", "updateManyAndReturn", "deleteMany", "count", "aggregate", "groupBy"]);

/**
 * Refuses bulk queries whose `where` holds an `undefined` anywhere (`where: { userId: undefined }`
 * means "every row" to Prisma, which turns a bug into a data leak or a mass update), and bulk
 * writes with no condition at all.
 */
export function assertNoUndefinedWhere(model: string | undefined, operation: string, args: unknown) {
  if (!bulkOperations.has(operation) || typeof args !== "object" || args === null) return;
  const where = (args as { where?: unknown }).where;
  const isBulkWrite = operation === "updateMany" || operation === "deleteMany" || operation === "updateManyAndReturn";
  if (where === undefined || (isBulkWrite && isEmptyObject(where))) {
    if (isBulkWrite) throw new Error(`${model}.${operation} without a where clause is refused`);
    return;
  }
  const undefinedPath = findUndefined(where, "where");
  if (undefinedPath) throw new Error(`${model}.${operation}: ${undefinedPath} is undefined`);
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

function findUndefined(value: unknown, path: string): string | null {
  if (value === undefined) return path;
  if (value === null || typeof value !== "object" || value instanceof Date) return null;
  for (const [key, child] of Object.entries(value)) {
    const found = findUndefined(child, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`);
    if (found) return found;
  }
  return null;
}

function createClient(pool: pg.Pool) {
  return new PrismaClient({ adapter: new PrismaPg(pool), omit: omitSecrets }).$extends({
    name: "disallow-undefined-where",
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          assertNoUndefinedWhere(model, operation, args);
          return query(args);
        },
      },
    },
  });
}

export type Db = ReturnType<typeof createClient>;
/** The client inside `db.$transaction(async (tx) => ...)`. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
/** Either the client or a transaction: functions that must join a caller's transaction take this. */
export type DbOrTx = Db | Tx;

type Handles = { db: Db; pool: pg.Pool };
let handles: Handles | undefined;

function open(): Handles {
  if (!handles) {
    const pool = new pg.Pool({ ...pgConfigFromUrl(env().DATABASE_URL), max: 10 });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    pool.on("error", () => {});
    handles = { pool, db: createClient(pool) };
  }
  return handles;
}

/** The shared Prisma client (one pool per process). */
export function getDb(): Db {
  return open().db;
}

/** The raw pg pool under the Prisma client, for libraries that speak pg (pg-boss, the limiter). */
export function getPool(): pg.Pool {
  return open().pool;
}

export async function closeDb() {
  if (!handles) return;
  const { db, pool } = handles;
  handles = undefined;
  await db.$disconnect();
  await pool.end();
}
