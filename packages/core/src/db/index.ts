export { getDb, getPool, closeDb, type Db, type Tx, type DbOrTx } from "./client";
export { Prisma } from "../generated/prisma/client";
