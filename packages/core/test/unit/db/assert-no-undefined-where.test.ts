import { describe, expect, it } from "vitest";
import { assertNoUndefinedWhere } from "../../../src/db/client";

describe("assertNoUndefinedWhere", () => {
  it.each([
    ["session", "updateMany", { where: { userId: undefined, revokedAt: null }, data: { revokedAt: new Date() } }, "session.updateMany: where.userId is undefined"],
    ["user", "findMany", { where: { tenantId: undefined } }, "user.findMany: where.tenantId is undefined"],
    ["emailToken", "deleteMany", { where: { userId: "usr_1", purpose: undefined } }, "emailToken.deleteMany: where.purpose is undefined"],
    ["session", "count", { where: { userId: undefined } }, "session.count: where.userId is undefined"],
    ["session", "updateManyAndReturn", { where: { id: undefined }, data: {} }, "session.updateManyAndReturn: where.id is undefined"],
    ["auditEvent", "deleteMany", {}, "auditEvent.deleteMany without a where clause is refused"],
    ["session", "updateMany", { data: { revokedAt: new Date() } }, "session.updateMany without a where clause is refused"],
    ["session", "updateManyAndReturn", { data: {} }, "session.updateManyAndReturn without a where clause is refused"],
  ])("refuses %s.%s with %j", (model, operation, args, message) => {
    expect(() => assertNoUndefinedWhere(model, operation, args)).toThrow(message);
  });

  it.each([
    // Single-row operations: Prisma itself refuses a unique where without a value.
    ["user", "findUnique", { where: { id: undefined } }],
    ["user", "update", { where: { id: undefined }, data: {} }],
    ["user", "create", { data: { email: undefined } }],
    // Listing every row is a legitimate read (the dev mailbox does it); it cannot change data.
    ["outboxMessage", "findMany", {}],
    ["outboxMessage", "findMany", undefined],
    // Defined filters, including null (a real "IS NULL" filter).
    ["session", "updateMany", { where: { userId: "usr_1", revokedAt: null }, data: {} }],
    ["session", "count", { where: { userId: "usr_1" } }],
  ])("lets %s.%s with %j through", (model, operation, args) => {
    expect(() => assertNoUndefinedWhere(model, operation, args)).not.toThrow();
  });
});
