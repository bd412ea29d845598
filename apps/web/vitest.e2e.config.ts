import { BaseSequencer, type TestSpecification } from "vitest/node";
import { defineConfig } from "vitest/config";

// End-to-end tests: a real Chromium against `next start`, with the worker delivering mail to a
// real SMTP server (e2e/global-setup.ts). One file at a time: they share one server on 2 cores.

/** The check of the servers' logs reads what every other file caused, so it runs last. */
class AfterEverythingLastSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isLast = (file: TestSpecification) => file.moduleId.endsWith("server-logs.test.ts");
    return [...sorted.filter((file) => !isLast(file)), ...sorted.filter(isLast)];
  }
}

export default defineConfig({
  test: {
    include: ["e2e/**/*.test.ts"],
    globalSetup: ["./e2e/global-setup.ts"],
    fileParallelism: false,
    sequence: { sequencer: AfterEverythingLastSequencer },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
