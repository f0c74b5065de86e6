// @ts-check
// PIAA_MUTATE_SPAWNED=1: for code that runs only in processes the tests spawn (command entry points,
// services' main.ts, piaa start). Their children get the active mutant (vitest.stryker.setup.ts), but
// not Stryker's coverage probes, and the spawning tests do not import what they run, so per-test
// coverage would call those mutants "no coverage" and vitest --related would drop those tests: each
// mutant then runs every test file given (keep --tests to the few that spawn it; no --ignoreStatic,
// which Stryker refuses without per-test coverage).
const spawned = process.env.PIAA_MUTATE_SPAWNED === "1";

/**
 * Mutation testing (StrykerJS): `npm run mutate -- <files, folders or globs>` (scripts/mutate.sh).
 * Not part of `npm test`: each mutant is one type-check and one run of the related tests.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: "vitest",
  // Of the test files scripts/mutate.sh picks, those that import a mutated file run (vitest --related).
  vitest: { configFile: "vitest.stryker.config.ts", related: !spawned },
  checkers: ["typescript"],
  tsconfigFile: "tsconfig.json",
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: spawned ? "off" : "perTest",
  mutate: ["runtime/**/*.ts", "infra/**/*.ts", "policies/**/*.ts"],
  // The machine running this is usually shared: one mutant at a time unless told otherwise.
  concurrency: 1,
  // A mutant's run counts as a timeout (detected) after timeoutMS + timeoutFactor × its tests' net time,
  // and the runner is then restarted. Most of a run is vitest's own overhead (27 s against 0.3 s of
  // tests for infra/config.ts at load 25), so at 10 s a loaded machine "killed" 55 of 193 mutants of
  // loop-free code by timeout and paid a runner restart for each.
  timeoutMS: 60_000,
  dryRunTimeoutMinutes: 15,
  timeoutFactor: 2,
  // Results are reused while a mutant's code and the tests that cover it are unchanged.
  incremental: true,
  incrementalFile: "reports/mutation/stryker-incremental.json",
  reporters: ["clear-text", "html", "progress"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
  thresholds: { high: 85, low: 75, break: null },
};
