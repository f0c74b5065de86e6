import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleEntry } from "../../../infra/bundle/bundleService.js";
import { startWorkerThread, workerEntry } from "../../../runtime/core/workerThread.js";

const callerUrl = new URL("../../fixtures/workers/caller.ts", import.meta.url).href;

describe("workerEntry", () => {
  it("names the .ts module beside a caller running from source", () => {
    expect(workerEntry(callerUrl, "echoWorker").href).toBe(new URL("../../fixtures/workers/echoWorker.ts", import.meta.url).href);
  });

  it("names the .mjs bundle beside a bundled caller", () => {
    expect(workerEntry("file:///app/main.mjs", "dashboardWorker").href).toBe("file:///app/dashboardWorker.mjs");
  });
});

describe("startWorkerThread", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "piaa-worker-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function firstMessage(entry: URL): Promise<unknown> {
    const worker = startWorkerThread(entry, { workerData: { value: 21 } });
    try {
      const [message] = (await once(worker, "message")) as [unknown];
      return message;
    } finally {
      await worker.terminate();
    }
  }

  it("runs a TypeScript entry from source, registering the loader in the worker", async () => {
    expect(await firstMessage(workerEntry(callerUrl, "echoWorker"))).toEqual({ doubled: 42, isTypeScript: true });
  });

  it("runs the bundled entry as plain ESM", async () => {
    const bundled = path.join(dir, "echoWorker.mjs");
    await bundleEntry(fileURLToPath(workerEntry(callerUrl, "echoWorker")), bundled);
    expect(await firstMessage(workerEntry(pathToFileURL(path.join(dir, "main.mjs")).href, "echoWorker"))).toEqual({ doubled: 42, isTypeScript: false });
  });

  it("reports a failing entry as the worker's error", async () => {
    const worker = startWorkerThread(new URL("../../fixtures/workers/missingWorker.ts", import.meta.url));
    const [error] = (await once(worker, "error")) as [Error];
    expect(String(error)).toMatch(/missingWorker/);
  });
});
