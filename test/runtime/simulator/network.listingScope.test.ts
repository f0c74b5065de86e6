/**
 * Continuing a bucket reads the network back from the LC/ and PSC/ names only: a bucket that has
 * been analysed holds many more objects (master light curves, analyses), and each listed page is a
 * Class A operation on Cloud Storage (https://cloud.google.com/storage/pricing#operations-by-class),
 * so the rest of the bucket is not listed at all.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { analysisName, completenessName, masterLightCurveChunkName, masterLightCurveName, starIndexShardName } from "../../../runtime/core/objectNames.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import type { ObjectStat, ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { readExistingNetwork } from "../../../runtime/simulator/network.js";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** The store, with every name its listings yield recorded. */
function recordingListings(store: FsObjectStore, listed: string[]): ObjectStore {
  const recording: ObjectStore = Object.create(store) as ObjectStore;
  recording.listAll = async function* (prefix?: string): AsyncIterable<ObjectStat> {
    for await (const object of store.listAll(prefix)) {
      listed.push(object.name);
      yield object;
    }
  };
  return recording;
}

const SEGMENT = "LC/PIC_J0326137+295015/PAN004/123456/2016-07-25T10:41:10.772000.json";
const CUBE = "PSC/PAN004/654321/2016-07-25T10:41:10.772000/PIC_J0326137+295015.fits";
const PIC = "PIC_J0326137+295015";
const OTHERS = [masterLightCurveName(PIC), masterLightCurveChunkName(PIC, "0123456789abcdef"), analysisName(PIC), completenessName(PIC), starIndexShardName(0)];

describe("readExistingNetwork's listings", () => {
  it("list only segments and cubes, and still read both cameras from them", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "piaa-sim-listing-"));
    const store = new FsObjectStore({ root: dir });
    for (const name of [SEGMENT, CUBE, ...OTHERS]) await store.put(name, Buffer.from("{}"), { ifGenerationMatch: "0" });
    const listed: string[] = [];
    const network = await readExistingNetwork(recordingListings(store, listed));
    expect(network.cameras).toEqual(new Map([["PAN004", ["123456", "654321"]]]));
    expect(listed.sort()).toEqual([SEGMENT, CUBE].sort());
  });
});
