import type { PoolConfig } from "pg";

/**
 * Splits a postgres:// URL into pg's object form (the Prisma adapter needs the object form).
 * As in libpq, `?host=/run/postgresql` (a directory) connects over that directory's Unix socket;
 * the URL's own host is then ignored. A database on the same machine answers a Unix socket with
 * less CPU on both sides than TCP on loopback.
 */
export function pgConfigFromUrl(url: string): PoolConfig {
  const parsed = new URL(url);
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new Error("DATABASE_URL must be a postgres:// URL");
  }
  const socketDirectory = parsed.searchParams.get("host");
  if (socketDirectory !== null && !socketDirectory.startsWith("/")) {
    throw new Error("DATABASE_URL: ?host= takes the directory of a Unix socket (an absolute path)");
  }
  return {
    host: socketDirectory ?? decodeURIComponent(parsed.hostname),
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.replace(/^\//, "")),
    // Prisma stores timestamps as UTC without a zone; raw SQL compares them with now(). With the
    // session in UTC both mean the same instant, whatever the server's configured zone is.
    options: "-c TimeZone=UTC",
  };
}
