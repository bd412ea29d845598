// `node --import ./server-register.mjs server.ts`: loads server.ts and the modules it imports
// outside Next's bundler. TypeScript (and the `@/` paths of tsconfig.json) go through tsx, and
// `server-only` resolves to an empty module, as it does in Next's server bundles (there under
// the `react-server` condition); plain Node would pick its entry for client bundles, which throws.
import { register } from "node:module";
import { register as registerTypeScript } from "tsx/esm/api";

registerTypeScript();
register(
  "data:text/javascript," +
    encodeURIComponent(
      `export async function resolve(specifier, context, nextResolve) {
        return specifier === "server-only" ? { url: "data:text/javascript,", shortCircuit: true } : nextResolve(specifier, context);
      }`,
    ),
);
