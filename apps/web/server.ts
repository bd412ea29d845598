// The web app's HTTP server: the tRPC API answered directly, everything else by Next.js (pages,
// server actions, next-auth under /api/auth). `pnpm dev` and `pnpm start` run it through
// server-register.mjs, which loads TypeScript; NODE_ENV=production selects the production build.
import { createServer } from "node:http";
import next from "next";
import { checkCoreConfiguration } from "@rekey/api";
import { env } from "@/server/env";
import { handleTrpcRequest, trpcRoute } from "@/server/trpc-http";

// Both configurations are read on first use, which for the web app is the first request: a
// missing secret or the dev mailbox switched on in production would otherwise start a server
// that answers every page with an error. Refuse to start instead, and say why (the worker does too).
try {
  env();
  checkCoreConfiguration();
} catch (error) {
  console.error(`Rekey web: not starting. ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const dev = process.env.NODE_ENV !== "production";
const port = Number(process.env.PORT ?? 3000);

const server = createServer();
// With the server handed over, `next dev` attaches its hot-reload websocket to it.
const app = next({ dev, dir: import.meta.dirname, port, httpServer: server });
const handleNext = app.getRequestHandler();
await app.prepare();

server.on("request", (req, res) => {
  const route = trpcRoute(req.url ?? "/");
  if (route) void handleTrpcRequest(req, res, route);
  else void handleNext(req, res);
});
server.listen(port, () => {
  console.log(`Rekey web (${dev ? "development" : "production"}) listening on http://localhost:${port}`);
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close();
    void app.close().finally(() => process.exit(0));
  });
}
