/**
 * Paths of the simulator that only the spawned `piaa simulate` runs reached (test/mutation-survivors.md,
 * "Sampled folders"): the upload's tally, the byte sizes in the summary, the latest night read
 * back from an existing network, and a dry run's progress and summary.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { isoToUnixSeconds } from "../../../runtime/core/time.js";
import { readExistingNetwork, siteOfUnit } from "../../../runtime/simulator/network.js";
import { simulate } from "../../../runtime/simulator/simulate.js";
import { formatBytes } from "../../../runtime/simulator/simulateCommand.js";
import { nightOfTime } from "../../../runtime/simulator/sky.js";
import { uploadAll } from "../../../runtime/simulator/upload.js";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});
function tempStore(): FsObjectStore {
  dir = mkdtempSync(path.join(tmpdir(), "piaa-sim-edges-"));
  return new FsObjectStore({ root: dir });
}

const LATER = "LC/PIC_J0326137+295015/PAN001/123456/2016-07-25T10:41:10.772000.json";
const EARLIER = "LC/PIC_J1000000+100000/PAN001/123456/2016-07-20T10:41:10.772000.json";

describe("uploadAll", () => {
  it("counts uploaded bytes, keeps objects already there out of the bytes, and rejects on other errors", async () => {
    const store = tempStore();
    await store.put(EARLIER, Buffer.from("old"), { ifGenerationMatch: "0" });
    const objects = [
      { name: EARLIER, data: Buffer.from("ignored"), contentType: "application/json" },
      { name: LATER, data: Buffer.from("12345"), contentType: "application/json" },
    ];
    expect(await uploadAll(store, objects, 1)).toEqual({ uploaded: 1, kept: 1, bytes: 5 });
    const failing = { ...store, put: () => Promise.reject(new Error("disk full")) } as unknown as FsObjectStore;
    await expect(uploadAll(failing, objects, 1)).rejects.toThrow("disk full");
  });
});

describe("formatBytes", () => {
  it.each([
    [1023, "1023 B"],
    [1024, "1.0 KB"],
    [1024 ** 2 - 1, "1024.0 KB"],
    [1024 ** 2, "1.0 MB"],
  ])("%i bytes read %s", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe("readExistingNetwork", () => {
  it("gives the latest night of all segments, whichever is listed first", async () => {
    const store = tempStore();
    // LATER's star sorts before EARLIER's, so the store lists the later night first.
    for (const name of [LATER, EARLIER]) await store.put(name, Buffer.from("{}"), { ifGenerationMatch: "0" });
    const network = await readExistingNetwork(store);
    const site = siteOfUnit("PAN001");
    expect(network.latestNightS).toBe(nightOfTime(site, isoToUnixSeconds("2016-07-25T10:41:10.772000")));
    expect(network.latestNightS).toBeGreaterThan(nightOfTime(site, isoToUnixSeconds("2016-07-20T10:41:10.772000")));
    expect(network.cameras).toEqual(new Map([["PAN001", ["123456"]]]));
  });
});

describe("simulate, dry run", () => {
  it("reports progress object by object up to the total, and names the stars in its summary", async () => {
    const store = tempStore();
    const done: number[] = [];
    let total = 0;
    const summary = await simulate({ units: 1, nights: 1, start: "2026-08-01", seed: "edges", stars: ["vega"], concurrency: 1, dryRun: true }, store, (p) => {
      done.push(p.objectsDone);
      total = p.objectsTotal;
    });
    expect(total).toBeGreaterThan(0);
    expect(done).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(summary.objects).toBe(total);
    // Vega, J2000 RA 18h36m56.336s, Dec +38°47'01.28" (SIMBAD), as a PIC id.
    expect(summary.stars).toEqual(["PIC_J18365633+3847012"]);
  });
});
