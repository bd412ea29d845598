import { describe, expect, it } from "vitest";
import { AppError } from "../../../src/errors/app-error";
import { toAppError } from "../../../src/errors/to-app-error";
import { requestMetUnavailable, withRequestId } from "../../../src/operations/request-scope";

function systemError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

function nested(depth: number, inner: unknown): unknown {
  let error = inner;
  for (let level = 0; level < depth; level += 1) error = new Error(`wrapper ${level}`, { cause: error });
  return error;
}

describe("toAppError", () => {
  it.each([
    ["ECONNREFUSED nested in a cause", nested(2, systemError("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"))],
    ["ECONNREFUSED as a bare code", nested(1, { code: "ECONNREFUSED" })],
    ["ECONNRESET", systemError("read ECONNRESET", "ECONNRESET")],
    ["a closed connection", new Error("Connection terminated unexpectedly")],
    ["an exhausted pool", nested(1, new Error("timeout exceeded when trying to connect"))],
    ["Prisma's unreachable server", new Error("Can't reach database server at `127.0.0.1:5432`")],
    ["a restarting server", nested(3, new Error("the database system is starting up"))],
    ["a transaction that found no connection in time (P2028)", systemError("Transaction API error: Unable to start a transaction in the given time.", "P2028")],
    ["a transaction past its timeout (P2028)", nested(1, systemError("Transaction API error: A commit cannot be executed on an expired transaction.", "P2028"))],
    ["a query cut off by a fast shutdown (57P01)", nested(1, systemError("terminating connection due to administrator command", "57P01"))],
    ["Prisma's closed connection (P1017)", systemError("Server has closed the connection.", "P1017")],
    ["pg's client after its connection broke", new Error("Client has encountered a connection error and is not queryable")],
  ])("maps %s to UNAVAILABLE, keeping the original as cause", (_label, error) => {
    const appError = toAppError(error);
    expect(appError).toBeInstanceOf(AppError);
    expect(appError?.code).toBe("UNAVAILABLE");
    expect(appError?.status).toBe(503);
    expect(appError?.cause).toBe(error);
  });

  it.each([
    ["an unrelated error", new Error("Cannot read properties of undefined (reading 'id')")],
    ["a unique constraint violation", systemError("duplicate key value violates unique constraint", "23505")],
    ["a string", "ECONN"],
    ["null", null],
    ["undefined", undefined],
    ["a signal buried deeper than five causes", nested(6, systemError("connect ECONNREFUSED", "ECONNREFUSED"))],
  ])("leaves %s unknown (null)", (_label, error) => {
    expect(toAppError(error)).toBeNull();
  });

  it("notes an unreachable database in the request's scope, so the page it breaks answers 503, and only that request's", async () => {
    const [down, healthy] = await Promise.all([
      withRequestId("down", async () => {
        await Promise.resolve();
        toAppError(systemError("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"));
        return requestMetUnavailable();
      }),
      withRequestId("healthy", async () => {
        toAppError(new Error("Cannot read properties of undefined (reading 'id')"));
        await Promise.resolve();
        return requestMetUnavailable();
      }),
    ]);
    expect({ down, healthy }).toEqual({ down: true, healthy: false });
    // Outside any request (a worker's job), noting is a no-op.
    expect(() => toAppError(systemError("connect ECONNREFUSED", "ECONNREFUSED"))).not.toThrow();
    expect(requestMetUnavailable()).toBe(false);
  });

  it("returns an AppError unchanged, so a typed error is never turned into another", () => {
    const rateLimited = new AppError("RATE_LIMITED", "Too many attempts.", { retryAfterSeconds: 60 });
    expect(toAppError(rateLimited)).toBe(rateLimited);
  });
});
