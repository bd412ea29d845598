import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["@rekey/devtools/vitest-global-setup"],
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
