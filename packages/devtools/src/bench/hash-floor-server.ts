// The sign-in bench's floor (docs/benchmarks.md, "The floor"): the least an HTTP sign-in can be.
// A bare node:http server that reads a JSON body, verifies the password against one stored
// argon2id hash and answers a small JSON body: no framework, no validation, no database, no
// session. Run by run-bench.ts on the web server's cores; the hash and the password come from the
// bench's fixture in the environment. Not a sign-in anybody should ship.
import { verify } from "@node-rs/argon2";
import { createServer } from "node:http";

const passwordHash = process.env.REKEY_FLOOR_HASH;
const port = Number(process.env.REKEY_FLOOR_PORT);
if (!passwordHash || !port) throw new Error("REKEY_FLOOR_HASH and REKEY_FLOOR_PORT are required");

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const { password } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { password: string };
    verify(passwordHash, password).then(
      (ok) => {
        const body = JSON.stringify({ ok });
        res.writeHead(ok ? 200 : 401, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
        res.end(body);
      },
      () => {
        res.writeHead(500).end();
      },
    );
  });
}).listen(port, "127.0.0.1");
