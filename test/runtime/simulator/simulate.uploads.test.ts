/**
 * What a real (not dry) run of the simulator hands the bucket and its caller: each LC segment put
 * as application/json and each PSC cube as application/fits (Cloud Storage serves an object with
 * the Content-Type it was written with, https://cloud.google.com/storage/docs/metadata#content-type,
 * which is what a browser downloading it from the dashboard sees), and a progress report after
 * every object with the bytes uploaded so far, ending at the summary's totals.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseObjectName } from "../../../runtime/core/objectNames.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import type { ObjectStore, PutOptions } from "../../../runtime/core/store/objectStore.js";
import { simulate, type SimulateProgress } from "../../../runtime/simulator/simulate.js";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** The store, with the content type of every put recorded by object name. */
function recordingPuts(store: FsObjectStore, contentTypes: Map<string, string | undefined>): ObjectStore {
  const recording: ObjectStore = Object.create(store) as ObjectStore;
  recording.put = (name: string, data: Uint8Array, options?: PutOptions) => {
    contentTypes.set(name, options?.contentType);
    return store.put(name, data, options);
  };
  return recording;
}

describe("simulate, uploading", () => {
  it("puts segments as JSON and cubes as FITS, and reports every object with the bytes so far", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "piaa-sim-uploads-"));
    const contentTypes = new Map<string, string | undefined>();
    const reports: SimulateProgress[] = [];
    const summary = await simulate(
      { units: 1, nights: 1, start: "2026-08-01", seed: "uploads", stars: ["vega"], concurrency: 2 },
      recordingPuts(new FsObjectStore({ root: dir }), contentTypes),
      (p) => reports.push(p),
    );

    expect(summary.uploaded).toBe(summary.objects);
    expect(contentTypes.size).toBe(summary.objects);
    const kinds = new Set<string>();
    for (const [name, contentType] of contentTypes) {
      const kind = parseObjectName(name).kind;
      kinds.add(kind);
      expect(contentType, name).toBe(kind === "lc" ? "application/json" : "application/fits");
    }
    expect(kinds).toEqual(new Set(["lc", "psc"]));

    expect(reports.map((p) => p.objectsDone)).toEqual(Array.from({ length: summary.objects }, (_, i) => i + 1));
    expect(reports.every((p) => p.objectsTotal === summary.objects)).toBe(true);
    for (let k = 1; k < reports.length; k++) expect(reports[k]!.bytes).toBeGreaterThan(reports[k - 1]!.bytes);
    expect(reports.at(-1)!.bytes).toBe(summary.bytes);
  });
});
