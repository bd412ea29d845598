import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

// The SDK runs in tenant apps: it must not bring the server along. Its router type comes from
// @rekey/api as a type-only import; a value import of @rekey/api, @rekey/core or Prisma would
// load the server's code, its database client and its configuration check. esbuild follows every
// run-time import from the entry, the way Node would load them, and lists each file it reached.

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

async function filesLoadedBy(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [path.join(packageRoot, entry)],
    bundle: true,
    platform: "node",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
    // Native addons (argon2 under core) are files, not modules to follow.
    loader: { ".node": "empty" },
    absWorkingDir: packageRoot,
  });
  return Object.keys(result.metafile.inputs).map((file) => path.resolve(packageRoot, file));
}

const serverOnly = [/[\\/]packages[\\/](core|api)[\\/]/, /[\\/]@rekey[\\/](core|api)[\\/]/, /@prisma/, /[\\/]\.prisma[\\/]/, /[\\/]node_modules[\\/]\.pnpm[\\/](pg|pg-boss)@/];

describe("the SDK's module graph", () => {
  it("loads no server package (@rekey/api, @rekey/core, Prisma, pg) at run time", async () => {
    const files = await filesLoadedBy("src/index.ts");
    // It did follow the real imports: the tRPC client and superjson are there.
    expect(files.some((file) => file.includes("@trpc/client"))).toBe(true);
    expect(files.some((file) => file.includes("superjson"))).toBe(true);
    expect(files.filter((file) => serverOnly.some((pattern) => pattern.test(file)))).toEqual([]);
  });

  it("would catch a value import of the api (the check can fail)", async () => {
    const files = await filesLoadedBy("test/fixtures/value-import-of-api.ts");
    expect(files.some((file) => serverOnly.some((pattern) => pattern.test(file)))).toBe(true);
  });
});
