import type { DbOrTx } from "../db/client";
import type { SignInMethod } from "../sign-in/establish-session";

export type AddSessionMethodOptions = { db: DbOrTx; sessionId: string; method: SignInMethod };

/**
 * Records that this session has now also proven `method`, e.g. the first factor enrolled inside a
 * session that owed one. Adding a method twice records it once.
 */
export async function addSessionMethod(options: AddSessionMethodOptions): Promise<void> {
  const { db, sessionId, method } = options;
  await db.$executeRaw`
    UPDATE "session" SET methods = array_append(methods, ${method}::text)
    WHERE id = ${sessionId} AND NOT (${method}::text = ANY(methods))`;
}
