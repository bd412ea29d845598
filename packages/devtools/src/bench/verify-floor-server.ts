// The session-verification bench's baseline (docs/benchmarks.md, "Session verification through
// the SDK"): what checking a session costs at least. A bare node:http server on the same cores as
// the web server that takes `{ token }`, hashes it with SHA-256 and looks the session up by its
// unique hash (with its user), on a pg pool of the web server's size, and answers a small JSON
// body: no framework, no API key, no validation, no tRPC. Not an API anybody should ship.
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import pg from "pg";

const databaseUrl = process.env.DATABASE_URL;
const port = Number(process.env.REKEY_FLOOR_PORT);
if (!databaseUrl || !port) throw new Error("DATABASE_URL and REKEY_FLOOR_PORT are required");

const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
const lookup = {
  name: "verify_floor_lookup",
  text: `SELECT s.id, s."userId", s."expiresAt", u.email, u.name FROM "session" s JOIN "user" u ON u.id = s."userId"
    WHERE s."tokenHash" = $1::text AND s."revokedAt" IS NULL AND s."expiresAt" > now()`,
};

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const { token } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { token: string };
    const tokenHash = createHash("sha256").update(token, "utf8").digest("base64url");
    pool.query<{ id: string; userId: string; expiresAt: Date; email: string; name: string }>({ ...lookup, values: [tokenHash] }).then(
      ({ rows: [row] }) => {
        const body = JSON.stringify(row ? { active: true, sessionId: row.id, userId: row.userId, email: row.email, name: row.name, expiresAt: row.expiresAt } : { active: false });
        res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
        res.end(body);
      },
      () => res.writeHead(500).end(),
    );
  });
});
// Idle keep-alive sockets outlive the SDK's rounds between the floor's: closed after node's
// default 5 s, one could close just as the bench reuses it ("socket hang up").
server.keepAliveTimeout = 120_000;
server.listen(port, "127.0.0.1");
