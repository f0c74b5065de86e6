/** A small simulated filesystem bucket in a temp directory, for the simulator tests. */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { simulate, type SimulateSummary } from "../../../runtime/simulator/simulate.js";
import type { SimulateOptions } from "../../../runtime/simulator/simulateOptions.js";

export interface SimulatedBucket {
  dir: string;
  store: FsObjectStore;
  summary: SimulateSummary;
  remove: () => Promise<void>;
}

export async function tempBucketDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), "piaa-sim-"));
}

export async function simulatedBucket(options: SimulateOptions): Promise<SimulatedBucket> {
  const dir = await tempBucketDir();
  const store = new FsObjectStore({ root: dir });
  const summary = await simulate(options, store);
  return { dir, store, summary, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Every object of a store: name → bytes. */
export async function readAll(store: FsObjectStore): Promise<Map<string, Buffer>> {
  const objects = new Map<string, Buffer>();
  for await (const { name } of store.listAll()) objects.set(name, (await store.get(name)).data);
  return objects;
}
