/**
 * The analyzer's log line for each star run (analyzer.ts). They are how an operator (and
 * bench/analyzer.bench.ts, which reads them) sees where a star's lag went: `heardAt`, then
 * `debounceMs` (waiting out the star's interval), `queuedMs` (waiting for a free slot) and `runMs`.
 * The clock is faked (Date only; the debounce timer is real and short) and each analysis moves it
 * by RUN_MS, so every figure is known from the scenario. Failures are logged at WARNING, for
 * Cloud Logging's severity filters, naming the star and the reason.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { analyzeLightCurve } from "../../../runtime/analysis/analyzeMasterLightCurve.js";
import { createAnalyzer } from "../../../runtime/analyzer/analyzer.js";
import { SupersededRunError } from "../../../runtime/analyzer/supersededRun.js";
import { StoreUnavailableError } from "../../../runtime/core/errors.js";
import { createLogger } from "../../../runtime/core/logging.js";
import type { MasterLightCurve } from "../../../runtime/core/masterLightCurve.js";
import { encodeMasterLightCurve } from "../../../runtime/core/masterLightCurveCodec.js";
import { masterLightCurveName } from "../../../runtime/core/objectNames.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { syntheticMasterLightCurve } from "../dashboard/syntheticStars.js";
import { manualSource } from "./manualSource.js";

const A = "PIC_J0326137+295015";
const B = "PIC_J2000437+224239";
const T0 = Date.parse("2026-12-01T00:00:00Z");
const RUN_MS = 1_000;
/** A star's interval in the faked clock; the real timer waits what is left of it when the star is heard again. */
const INTERVAL_MS = 2_500;

let root: string;
let store: FsObjectStore;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "piaa-analyzer-logs-"));
  store = new FsObjectStore({ root });
  for (const pic of [A, B]) await store.put(masterLightCurveName(pic), encodeMasterLightCurve(syntheticMasterLightCurve({ pic, nights: 1, exposures: 72, seed: 3 })));
});
afterEach(async () => {
  vi.useRealTimers();
  await rm(root, { recursive: true, force: true });
});

function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  return { lines, logger: createLogger({ service: "analyzer", level: "info", destination: { write: (line: string) => void lines.push(JSON.parse(line)) } }) };
}

const iso = (ms: number) => new Date(ms).toISOString();

describe("the analyzer's log line per star run", () => {
  it("splits each run's lag into debounce, queue and run time, from when the star was heard", { timeout: 30_000 }, async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(T0);
    const { lines, logger } = capturedLogger();
    const { source, emit } = manualSource();
    const analyze = (mlc: MasterLightCurve) => {
      vi.setSystemTime(Date.now() + RUN_MS);
      return analyzeLightCurve(mlc);
    };
    const analyzer = createAnalyzer({ store, source, logger, intervalMs: INTERVAL_MS, concurrency: 1, analyze });
    await analyzer.start();

    emit(A); // runs at once
    emit(B); // heard at T0 too, waits for A's slot
    await analyzer.idle();
    emit(A); // heard at T0 + 2 runs, within A's interval: waits for its end
    vi.setSystemTime(T0 + INTERVAL_MS); // where the clock is when A's timer fires
    await analyzer.idle();
    await analyzer.stop();

    const generation = (pic: string) => store.stat(masterLightCurveName(pic)).then((stat) => stat.generation);
    const line = (pic: string, heardMs: number, debounceMs: number, queuedMs: number) => ({
      severity: "INFO",
      message: "star refreshed",
      status: "analysed",
      pic,
      heardAt: iso(heardMs),
      debounceMs,
      queuedMs,
      runMs: RUN_MS,
    });
    expect(lines).toEqual([
      expect.objectContaining({ ...line(A, T0, 0, 0), generation: await generation(A) }),
      expect.objectContaining({ ...line(B, T0, 0, RUN_MS), generation: await generation(B) }),
      // Heard again after both runs; its interval from its first start ends at T0 + INTERVAL_MS.
      // Its MLC did not change: nothing to analyse, so the run ends without moving the clock.
      expect.objectContaining({ ...line(A, T0 + 2 * RUN_MS, INTERVAL_MS - 2 * RUN_MS, 0), status: "current", runMs: 0 }),
    ]);
  });

  it("logs a star that cannot be analysed, a run that will be retried and a superseded run, each naming the star", { timeout: 30_000 }, async () => {
    const { lines, logger } = capturedLogger();
    const { source, emit, events } = manualSource();
    let supersededOnce = false;
    const analyze = (mlc: MasterLightCurve): never => {
      if (mlc.pic === B) throw new RangeError("no points left after the quality cuts");
      if (!supersededOnce) {
        supersededOnce = true;
        throw new SupersededRunError(A, "1700000000000001");
      }
      throw new StoreUnavailableError(masterLightCurveName(A), "503 from the bucket");
    };
    const analyzer = createAnalyzer({ store, source, logger, intervalMs: 0, concurrency: 1, analyze });
    await analyzer.start();
    emit(B);
    emit(A);
    await analyzer.idle();
    await analyzer.stop();

    expect(lines).toEqual([
      expect.objectContaining({ severity: "WARNING", message: "star cannot be analysed", pic: B, generation: (await store.stat(masterLightCurveName(B))).generation, error: "analysis failed: no points left after the quality cuts" }),
      expect.objectContaining({ severity: "INFO", message: "star run stopped: a newer MLC generation is stored", pic: A, generation: "1700000000000001", status: "superseded" }),
      expect.objectContaining({ severity: "WARNING", message: "star refresh failed; will retry", pic: A, error: expect.stringContaining("503 from the bucket") }),
    ]);
    expect(analyzer.stats).toMatchObject({ error: 1, superseded: 1, failed: 1, analysed: 0 });
    // B's event is done with (its error is stored); A's goes back to the source to be redelivered.
    expect(events.map(({ pic, acks, nacks }) => [pic, acks, nacks])).toEqual([
      [B, 1, 0],
      [A, 0, 1],
    ]);
  });
});
