/** What a bucket holds of a star, and the errors that explain its absence (starPresence.ts). */
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CATALOG } from "../../../runtime/core/catalog.js";
import { NotFoundError, StarNotFoundError, StoreUnavailableError } from "../../../runtime/core/errors.js";
import { lightCurveName, masterLightCurveName } from "../../../runtime/core/objectNames.js";
import { explainMissingStar, hasMasterLightCurve, hasSegments, missingMasterLightCurveError, noSuchStarError } from "../../../runtime/core/starPresence.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";

const PIC = "PIC_J1200000+100000"; // not in the catalog
const NAMED = CATALOG.find((s) => s.id === "hd189733")!;

let root: string;
let store: FsObjectStore;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "piaa-presence-"));
  store = new FsObjectStore({ root });
});
afterEach(() => fs.rm(root, { recursive: true, force: true }));

const segmentOf = (pic: string) => lightCurveName({ pic, unit: "PAN001", camera: "108715", start: "2016-07-02T09:18:28.837000" });

describe("hasMasterLightCurve and hasSegments", () => {
  it("see the MLC and the segments of this star only", async () => {
    expect(await hasMasterLightCurve(store, PIC)).toBe(false);
    expect(await hasSegments(store, PIC)).toBe(false);
    await store.put(segmentOf(PIC), Buffer.from("{}"));
    expect(await hasSegments(store, PIC)).toBe(true);
    expect(await hasSegments(store, NAMED.pic)).toBe(false);
    await store.put(masterLightCurveName(PIC), Buffer.from("{}"));
    expect(await hasMasterLightCurve(store, PIC)).toBe(true);
    expect(await hasMasterLightCurve(store, NAMED.pic)).toBe(false);
  });

  it("pass on a store failure other than not-found", async () => {
    const failing = { ...store, url: store.url, stat: () => Promise.reject(new StoreUnavailableError("x", "down")) };
    await expect(hasMasterLightCurve(failing as unknown as FsObjectStore, PIC)).rejects.toThrow(StoreUnavailableError);
  });
});

describe("the errors naming a missing star", () => {
  it("no segments: names the star (with its catalog name), the bucket, and how to list what is there", () => {
    const error = noSuchStarError(store, NAMED.pic);
    expect(error).toBeInstanceOf(StarNotFoundError);
    expect(error.objectName).toBe(NAMED.pic);
    expect(error.message).toBe(
      `no star ${NAMED.pic} (${NAMED.name}) in bucket ${store.url}: nothing under LC/${NAMED.pic}/ (piaa stars --bucket ${store.url} lists the merged stars)`,
    );
    expect(noSuchStarError(store, PIC).message).toMatch(new RegExp(`^no star ${PIC.replace("+", "\\+")} in bucket`));
  });

  it("segments but no MLC: says to run combine", async () => {
    expect((await missingMasterLightCurveError(store, PIC)).message).toMatch(/^no star /);
    await store.put(segmentOf(PIC), Buffer.from("{}"));
    const error = await missingMasterLightCurveError(store, PIC);
    expect(error.message).toBe(
      `${PIC} has segments but no master light curve (${masterLightCurveName(PIC)}) in bucket ${store.url} yet: run piaa combine ${PIC} --bucket ${store.url}`,
    );
  });
});

describe("explainMissingStar", () => {
  it("returns what the read returns", async () => {
    expect(await explainMissingStar(store, PIC, async () => 42)).toBe(42);
  });

  it("turns the star's MLC not-found into the explanation", async () => {
    await expect(explainMissingStar(store, PIC, () => store.get(masterLightCurveName(PIC)))).rejects.toThrow(StarNotFoundError);
  });

  it("passes on a not-found of another object, and other errors, unchanged", async () => {
    const other = new NotFoundError(masterLightCurveName(NAMED.pic));
    await expect(explainMissingStar(store, PIC, () => Promise.reject(other))).rejects.toBe(other);
    const down = new StoreUnavailableError(masterLightCurveName(PIC), "down");
    await expect(explainMissingStar(store, PIC, () => Promise.reject(down))).rejects.toBe(down);
  });
});
