/**
 * The summary's `seconds` is the run's own duration: not negative and no longer than the wall time
 * measured around the call (rounded to 10 ms).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { simulate } from "../../../runtime/simulator/simulate.js";

const root = mkdtempSync(path.join(tmpdir(), "piaa-simulate-elapsed-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("simulate's summary", () => {
  it("reports the seconds the run took", async () => {
    const before = performance.now();
    const summary = await simulate({ units: 1, nights: 1, start: "2026-08-01", seed: "elapsed", stars: ["vega"], concurrency: 1, dryRun: true }, new FsObjectStore({ root }));
    const wallS = (performance.now() - before) / 1000;
    expect(summary.seconds).toBeGreaterThanOrEqual(0);
    expect(summary.seconds).toBeLessThanOrEqual(Math.ceil(wallS * 100) / 100);
  });
});
