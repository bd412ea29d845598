import type { Prisma } from "../generated/prisma/client";
import type { Connection } from "../db/connection";
import type { DbOrTx } from "../db/client";
import { runPrepared, type PreparedStatement } from "../db/prepared-statement";
import { newId } from "../ids";
import type { AuditEventType } from "./audit-event-types";
import type { RequestContext } from "./request-context";
import { countSecurityEvent } from "../operations/count-security-event";

export type AuditActor =
  | { type: "user"; id: string }
  | { type: "staff"; id: string }
  | { type: "api_key"; id: string }
  | { type: "system" }
  | { type: "anonymous" };

/**
 * Pass the transaction that makes the change (`db`, or `sql` for a pg client inside a
 * transaction), so the change and its record commit together.
 */
export type RecordAuditEventOptions = Connection & {
  tenantId: string;
  userId: string | null;
  actor: AuditActor;
  type: AuditEventType;
  context: RequestContext;
  /** Non-secret details only: never a token, code or password. */
  data?: Prisma.InputJsonObject;
};

// The pg path (sign-in hot path). Append-only like every audit write: an INSERT, and the table's
// trigger refuses UPDATE and DELETE whichever client asks.
const insertStatement: PreparedStatement = {
  name: "rekey_audit_event_insert",
  text: `INSERT INTO audit_event (id, "tenantId", "userId", "actorType", "actorId", type, ip, "userAgent", data)
    VALUES ($1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, $8::text, $9::jsonb)`,
};

export async function recordAuditEvent(options: RecordAuditEventOptions): Promise<{ id: string }> {
  const written = await writeAuditEvent(options);
  countSecurityEvent(options.type);
  return written;
}

async function writeAuditEvent(options: RecordAuditEventOptions): Promise<{ id: string }> {
  const { tenantId, userId, actor, type, context, data = {} } = options;
  if (options.sql) {
    const id = newId("auditEvent");
    await runPrepared(options.sql, insertStatement, [
      id,
      tenantId,
      userId,
      actor.type,
      "id" in actor ? actor.id : null,
      type,
      context.ip,
      context.userAgent.slice(0, 512),
      JSON.stringify(data),
    ]);
    return { id };
  }
  return createWithPrisma(options.db, options);
}

function createWithPrisma(db: DbOrTx, options: RecordAuditEventOptions) {
  const { tenantId, userId, actor, type, context, data = {} } = options;
  return db.auditEvent.create({
    data: {
      id: newId("auditEvent"),
      tenantId,
      userId,
      actorType: actor.type,
      actorId: "id" in actor ? actor.id : null,
      type,
      ip: context.ip,
      userAgent: context.userAgent.slice(0, 512),
      data,
    },
  });
}
