import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError } from "../errors/app-error";
import { normalizeFactorName } from "./factor-name";

export type RenameFactorOptions = { db: Db; tenantId: string; userId: string; factorId: string; name: string; context: RequestContext };

export async function renameFactor(options: RenameFactorOptions) {
  const { db, tenantId, userId, factorId, context } = options;
  const name = normalizeFactorName(options.name, "");
  if (!name) throw new AppError("BAD_REQUEST", "Enter a name.");
  await db.$transaction(async (tx) => {
    const { count } = await tx.factor.updateMany({ where: { id: factorId, tenantId, userId, activatedAt: { not: null } }, data: { name } });
    if (count === 0) throw new AppError("NOT_FOUND", "That verification method does not exist.");
    await recordAuditEvent({ db: tx, tenantId, userId, actor: { type: "user", id: userId }, type: "factor.renamed", context, data: { factorId } });
  });
}
