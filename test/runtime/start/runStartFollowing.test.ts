/**
 * While `piaa start` serves, a star analysed again (new data merged into its MLC) gets a line on
 * stdout and its plots re-copied, and following ends with serving: after runStart returns, no
 * further line is written. Stand-in services (test/fixtures/services) as in
 * runStartServices.test.ts; what the combiner and analyzer would do to the bucket, the test does
 * in process (reconcileBucket, analysedBucket.ts), and SIGINT is delivered by calling the
 * listeners runStart installed. A 10 ms follow poll (StartOptions.followPollMs) instead of 2 s.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { afterEach, beforeEach, expect, it } from "vitest";
import { reconcileBucket } from "../../../runtime/combiner/reconcile.js";
import { createLogger } from "../../../runtime/core/logging.js";
import { masterLightCurveName } from "../../../runtime/core/objectNames.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { openObjectStore } from "../../../runtime/core/store/openObjectStore.js";
import { runStart, type Simulation, type StartOptions } from "../../../runtime/start/runStart.js";
import { TEST_PIC, testObjectName, testSegmentBytes } from "../core/testSegments.js";
import { indexRow, plotBytes, writeAnalysedStar, writePlots, writeRow } from "./analysedBucket.js";
import { killLeftovers, standInStartOptions } from "./fakeServices.js";

const FOLLOW_POLL_MS = 10;
const MERGED_LINE = new RegExp(`^\\d{2}:\\d{2}:\\d{2} merged new data into ${TEST_PIC.replace(/[+]/g, "\\+")}.*; \\d+ plots refreshed in `);

const simulateOneSegment: Simulation = async (store) => {
  await store.put(testObjectName(0), Buffer.from(testSegmentBytes([{ offsetS: 60, seed: 1 }])));
};

let dir: string;
let signalListenersBefore: Set<unknown>;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "piaa-run-start-following-"));
  signalListenersBefore = new Set(process.listeners("SIGINT"));
});

afterEach(async () => {
  await killLeftovers(path.join(dir, "logs"));
  await rm(dir, { recursive: true, force: true });
});

/** Calls the SIGINT listeners added since the test began, as the process does on Ctrl-C. */
function interrupt(): void {
  for (const listener of process.listeners("SIGINT").filter((added) => !signalListenersBefore.has(added))) (listener as (name: string) => void)("SIGINT");
}

/** What the analyzer leaves once the star's MLC exists: its row and plots at that generation. */
async function analyse(store: ObjectStore): Promise<void> {
  const { generation } = await store.stat(masterLightCurveName(TEST_PIC));
  await writePlots(store, TEST_PIC, generation);
  await writeRow(store, indexRow(TEST_PIC, "analysed", generation));
}

it("while serving, reports a star analysed at a new MLC generation and copies its plots; after serving, follows no more", { timeout: 60_000 }, async () => {
  const options: StartOptions = standInStartOptions(dir, { followPollMs: FOLLOW_POLL_MS });
  const store = openObjectStore(options.bucket);
  const work: Promise<unknown>[] = [];
  let written = "";
  let newGeneration: Promise<string> | undefined;
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      written += chunk.toString();
      // Serving: new data is merged into the star and analysed; once its line is out, Ctrl-C.
      if (written.includes("Serving;")) newGeneration ??= writeAnalysedStar(store, TEST_PIC);
      if (MERGED_LINE.test(chunk.toString())) interrupt();
      callback();
    },
  });
  const progress = {
    update(text: string) {
      if (text.startsWith("merging: 0/1") && work.length === 0) work.push(reconcileBucket(store));
      if (text.startsWith("analysing: 0/1") && work.length === 1) work.push(analyse(store));
    },
    done() {},
  };

  await runStart(options, simulateOneSegment, { stdout, progress, logger: createLogger({ service: "start", level: "silent" }) });
  await Promise.all(work);
  const generation = await newGeneration!;
  const followed = written.slice(written.indexOf("Ctrl-C to stop.\n") + "Ctrl-C to stop.\n".length).split("\n").filter(Boolean);
  expect(followed).toHaveLength(1);
  expect(followed[0]).toMatch(MERGED_LINE);
  expect(followed[0]).toContain(`plots refreshed in ${options.plotsDir}`);
  // The copies in the plots directory are the new generation's plots.
  expect(await readFile(path.join(options.plotsDir, `${TEST_PIC}.lightcurve.svg`), "utf8")).toBe(plotBytes(TEST_PIC, generation, "lightcurve", "svg"));

  // Serving is over: a star analysed again now gets no line, however many poll periods pass.
  const linesWhenReturned = written;
  await writeAnalysedStar(store, TEST_PIC);
  await new Promise((resolve) => setTimeout(resolve, 100 * FOLLOW_POLL_MS));
  expect(written).toBe(linesWhenReturned);
});
