import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Two cores in CI: multi-process tests (piaa plan, piaa start, several services) compete for
    // them, so cap workers and give
    // process-spawning suites room instead of failing on a slow machine.
    pool: "forks",
    maxWorkers: 2,
    // Test files share their worker's module cache: with a fresh one per file, importing the
    // modules again (the Cloud Storage client, Pulumi, vega, mathjs) took 184 s of a 272 s run of
    // test/runtime/core and test/runtime/analysis, 32 s of 135 s without. State that outlives a
    // file is a bug either way: the tests set up what they read and restore what they stub.
    isolate: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
