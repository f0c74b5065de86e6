/**
 * Two analyzers of one star (replicas, or a scan and a notification) both clean up the older
 * generations' plots after their runs. The second to reach a plot finds it gone: that is its job
 * already done, not a failed run, and the plots after it are still removed. A store failure of any
 * other kind still fails the clean-up. Interleaving forced by a store whose delete is another
 * analyzer's delete first.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deleteOlderPlots, writeStoredPlots } from "../../../runtime/analysis/analysisStore.js";
import { StoreUnavailableError } from "../../../runtime/core/errors.js";
import { plotName } from "../../../runtime/core/objectNames.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { storeWithMethod } from "./storeWithMethod.js";

const PIC = "PIC_J0326137+295015";
const plots = [{ kind: "lightcurve" as const, svg: "<svg/>", png: Uint8Array.of(0x89, 0x50) }];

let root: string;
let store: FsObjectStore;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "piaa-delete-race-"));
  store = new FsObjectStore({ root });
  for (const generation of ["7", "9", "12"]) await writeStoredPlots(store, PIC, generation, plots);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const remaining = async (): Promise<string[]> => {
  const names: string[] = [];
  for await (const object of store.listAll(`ANALYSIS/${PIC}/`)) names.push(object.name);
  return names.sort();
};

describe("deleteOlderPlots beside another analyzer", () => {
  it("takes a plot the other analyzer deleted first as deleted, and removes the rest", async () => {
    const raced = storeWithMethod(store, "delete", async (name, options) => {
      await store.delete(name, options); // the other analyzer, just before this one
      return store.delete(name, options);
    });
    await deleteOlderPlots(raced, PIC, "12");
    expect(await remaining()).toEqual([plotName(PIC, "12", "lightcurve", "png"), plotName(PIC, "12", "lightcurve", "svg")].sort());
  });

  it("fails on any other store error, naming the object", async () => {
    const failing = storeWithMethod(store, "delete", (name) => Promise.reject(new StoreUnavailableError(name, "test outage")));
    await expect(deleteOlderPlots(failing, PIC, "12")).rejects.toThrow(StoreUnavailableError);
    await expect(deleteOlderPlots(failing, PIC, "12")).rejects.toThrow(/ANALYSIS\/PIC_J0326137\+295015\//);
  });
});
