import type { Prisma } from "../generated/prisma/client";
import type { DbOrTx } from "../db/client";
import { newId } from "../ids";
import type { AuditEventType } from "./audit-event-types";
import type { RequestContext } from "./request-context";

export type AuditActor =
  | { type: "user"; id: string }
  | { type: "staff"; id: string }
  | { type: "system" }
  | { type: "anonymous" };

export type RecordAuditEventOptions = {
  /** Pass the transaction that makes the change, so the change and its record commit together. */
  db: DbOrTx;
  tenantId: string;
  userId: string | null;
  actor: AuditActor;
  type: AuditEventType;
  context: RequestContext;
  /** Non-secret details only: never a token, code or password. */
  data?: Prisma.InputJsonObject;
};

export async function recordAuditEvent(options: RecordAuditEventOptions) {
  const { db, tenantId, userId, actor, type, context, data = {} } = options;
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
