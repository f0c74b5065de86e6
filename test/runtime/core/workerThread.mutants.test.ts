/**
 * A bundled worker entry (`.mjs`) starts as the file itself, not through the script that registers
 * tsx first: the bundled images (App Engine source, container) ship no tsx. Node names a file
 * worker's entry in its process.argv[1] and an eval worker "[worker eval]".
 */
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorkerThread } from "../../../runtime/core/workerThread.js";

describe("startWorkerThread on a bundled entry", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "piaa-worker-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("runs the .mjs file directly, passing the options on", async () => {
    const entry = path.join(dir, "argvWorker.mjs");
    await writeFile(entry, 'import { parentPort, workerData } from "node:worker_threads";\nparentPort.postMessage({ entry: process.argv[1], workerData });\n');
    const worker = startWorkerThread(pathToFileURL(entry), { workerData: "w" });
    try {
      const [message] = (await once(worker, "message")) as [unknown];
      expect(message).toEqual({ entry, workerData: "w" });
    } finally {
      await worker.terminate();
    }
  });
});
