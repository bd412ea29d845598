import type { PoolConfig } from "pg";

/** Splits a postgres:// URL into pg's object form (the Prisma adapter needs the object form). */
export function pgConfigFromUrl(url: string): PoolConfig {
  const parsed = new URL(url);
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new Error("DATABASE_URL must be a postgres:// URL");
  }
  return {
    host: decodeURIComponent(parsed.hostname),
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.replace(/^\//, "")),
    // Prisma stores timestamps as UTC without a zone; raw SQL compares them with now(). With the
    // session in UTC both mean the same instant, whatever the server's configured zone is.
    options: "-c TimeZone=UTC",
  };
}
