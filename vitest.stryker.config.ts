/**
 * The vitest configuration of mutation runs (stryker.config.mjs): the project's, with the test
 * files narrowed to PIAA_MUTATE_TESTS (comma-separated globs, set by scripts/mutate.sh from what
 * is mutated). Without the narrowing, a mutant of a module that everything imports would run the
 * whole suite, multi-process tests included. vitest.stryker.setup.ts passes the active mutant on to
 * the processes tests spawn.
 */
import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

// Commas inside braces belong to a glob (`test/x/{a,b}.test.ts`), not to the list.
const tests = process.env.PIAA_MUTATE_TESTS?.split(/,(?![^{]*\})/).filter(Boolean);

// Spread, not mergeConfig: that would append these globs to the project's instead of replacing them.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    ...(tests && tests.length > 0 && { include: tests }),
    setupFiles: ["./vitest.stryker.setup.ts"],
  },
});
