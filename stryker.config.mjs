// @ts-check
/**
 * Mutation testing (StrykerJS): `npm run mutate -- <files, folders or globs>` (scripts/mutate.sh).
 * Not part of `npm test`: each mutant is one type-check and one run of the related tests.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: "vitest",
  // Of the test files scripts/mutate.sh picks, those that import a mutated file run (vitest --related).
  vitest: { configFile: "vitest.stryker.config.ts", related: true },
  checkers: ["typescript"],
  tsconfigFile: "tsconfig.json",
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: "perTest",
  mutate: ["runtime/**/*.ts", "infra/**/*.ts", "policies/**/*.ts"],
  // The machine running this is usually shared: one mutant at a time unless told otherwise.
  concurrency: 1,
  timeoutMS: 10_000,
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
