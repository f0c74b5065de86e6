/**
 * Simulator throughput (issue 4): segments per second written to a filesystem bucket, against a
 * baseline measured in the same run on the same bytes: plain fs.writeFile of every LC and PSC
 * (mkdir -p, no temp file, no fsync, no generation check), with the same concurrency.
 *
 *   generate   dry run: schedule + LC + PSC bytes, no writes
 *   upload     pre-generated objects through FsObjectStore (create-only puts)
 *   simulate   the whole `simulate()` run: read the bucket, plan, generate, upload
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { FsObjectStore } from "../runtime/core/store/fsObjectStore.js";
import type { ObjectStore } from "../runtime/core/store/objectStore.js";
import { simulate } from "../runtime/simulator/simulate.js";
import { uploadAll, type GeneratedObject } from "../runtime/simulator/upload.js";

const OPTIONS = { units: 4, nights: 3, start: "2026-08-01", seed: "bench", concurrency: 8 };

/** Captures every object a run would upload, by running it against an empty recording store. */
async function generatedObjects(dir: string): Promise<GeneratedObject[]> {
  const objects: GeneratedObject[] = [];
  const unsupported = (): never => {
    throw new Error("not used by simulate");
  };
  const recording: ObjectStore = {
    url: pathToFileURL(dir).href,
    bucket: "recorded",
    get: unsupported,
    getIfChanged: unsupported,
    stat: unsupported,
    delete: unsupported,
    list: async () => ({ objects: [] }),
    listAll: async function* () {},
    put: async (name, data, options) => {
      objects.push({ name, data: Buffer.from(data), contentType: options?.contentType ?? "" });
      return { name, generation: "1", size: data.length, updated: new Date() };
    },
  };
  await simulate(OPTIONS, recording);
  return objects;
}

async function writeFilesPlain(root: string, objects: readonly GeneratedObject[], concurrency: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < objects.length) {
      const object = objects[next++]!;
      const file = path.join(root, object.name);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, object.data);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const began = performance.now();
  const result = await work();
  return [result, (performance.now() - began) / 1000];
}

export async function run(): Promise<void> {
  const base = await mkdtemp(path.join(os.tmpdir(), "piaa-bench-sim-"));
  try {
    const objects = await generatedObjects(path.join(base, "recorded"));
    const segments = objects.length / 2;
    const megabytes = objects.reduce((sum, o) => sum + o.data.length, 0) / 1024 ** 2;
    console.log(`${segments} segments, ${objects.length} objects, ${megabytes.toFixed(1)} MB (${OPTIONS.units} units, ${OPTIONS.nights} nights)`);

    const [, plainS] = await timed(() => writeFilesPlain(path.join(base, "plain"), objects, OPTIONS.concurrency));
    const [, uploadS] = await timed(() => uploadAll(new FsObjectStore({ root: path.join(base, "upload") }), objects, OPTIONS.concurrency));
    const [, generateS] = await timed(() => simulate({ ...OPTIONS, dryRun: true }, new FsObjectStore({ root: path.join(base, "dry") })));
    const [, simulateS] = await timed(() => simulate(OPTIONS, new FsObjectStore({ root: path.join(base, "full") })));

    const rate = (seconds: number): string => `${(segments / seconds).toFixed(0)} segments/s`;
    const ratio = (seconds: number): string => `${(plainS / seconds).toFixed(2)}× the baseline rate`;
    console.log(`baseline fs.writeFile   ${rate(plainS)}`);
    console.log(`generate (dry run)      ${rate(generateS)}  (${ratio(generateS)})`);
    console.log(`upload (FsObjectStore)  ${rate(uploadS)}  (${ratio(uploadS)})`);
    console.log(`simulate (whole run)    ${rate(simulateS)}  (${ratio(simulateS)})`);
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}
