import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Two cores in CI: multi-process tests (piaa plan, piaa start, several services) compete for
    // them, so cap workers and give
    // process-spawning suites room instead of failing on a slow machine.
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
