/**
 * Setup file of mutation runs only (vitest.stryker.config.ts; never the normal suite): hands the
 * active mutant to the processes tests spawn (`piaa` through bin/piaa.js, the services' main.ts),
 * which inherit this process's environment and run the sandbox's instrumented sources. Their
 * Stryker header (@stryker-mutator/instrumenter, util/syntax-helpers.js) takes the mutant from
 * `__STRYKER_ACTIVE_MUTANT__` when its own `globalThis.__stryker__.activeMutant` is unset; the
 * vitest runner's own setup file sets only the latter, in this process.
 */
import { afterAll, beforeAll } from "vitest";

const ACTIVE_MUTANT_ENV = "__STRYKER_ACTIVE_MUTANT__";

interface StrykerNamespace {
  activeMutant?: string;
  mutantCoverage?: unknown;
}

const strykerNamespace = (): StrykerNamespace | undefined => (globalThis as { __stryker__?: StrykerNamespace }).__stryker__;

// beforeAll, not beforeEach: test files start their servers in beforeAll. Stryker's setup file comes
// first in setupFiles, so its hook (or its load, for static activation) has set the mutant by now.
let previous: string | undefined;
beforeAll(() => {
  previous = process.env[ACTIVE_MUTANT_ENV];
  const active = strykerNamespace()?.activeMutant;
  // The dry run has no mutant: children must then run the original code, as the tests expect.
  if (active === undefined) delete process.env[ACTIVE_MUTANT_ENV];
  else process.env[ACTIVE_MUTANT_ENV] = active;
});

// Test files share their worker (isolate: false): the next file's run sets its own mutant.
afterAll(() => {
  if (previous === undefined) delete process.env[ACTIVE_MUTANT_ENV];
  else process.env[ACTIVE_MUTANT_ENV] = previous;
});

// Spawned mode (PIAA_MUTATE_SPAWNED=1, stryker.config.mjs) means "run every mutant against every test
// given". But the vitest runner reports the coverage its probes saw whatever coverageAnalysis says,
// and Stryker's planner then calls a mutant that no in-process test reached NoCoverage without
// running it (core mutant-test-planner.js: coverage is used whenever the dry run returned any) —
// exactly the mutants that only children run, whenever a test file also imports some mutated
// module. The runner copies the coverage into the file's results in its own afterAll, which runs
// after this one (vitest runs after-hooks in reverse order of registration), so withholding it
// here leaves the dry run without coverage, as "off" intends. The probes keep their own reference.
if (process.env.PIAA_MUTATE_SPAWNED === "1") {
  afterAll(() => {
    const namespace = strykerNamespace();
    if (namespace) delete namespace.mutantCoverage;
  });
}
