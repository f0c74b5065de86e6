import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import express, { type Response } from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { sendLightCurveDownload } from "../../../runtime/dashboard/lightCurveDownload.js";
import { DASHBOARD_STARS, writeSyntheticStars } from "./syntheticStars.js";

// A download whose client has gone away (closed the tab while the light curve was being read) is
// not formatted and sent to nobody: formatting a large MLC costs seconds of the worker's CPU that
// other clients wait for. The client here disconnects before the download starts, on 127.0.0.1,
// and the handler counts what would still have been written.
const STAR = DASHBOARD_STARS[2]!.pic;

describe("a light curve download whose client has gone", () => {
  let root: string;
  let store: FsObjectStore;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "piaa-download-gone-"));
    store = new FsObjectStore({ root });
    await writeSyntheticStars(store, [DASHBOARD_STARS[2]!]);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it.each(["ecsv", "fits"] as const)("writes no %s part and does not end the answer", async (format) => {
    let server!: http.Server;
    let onReceived: () => void = () => undefined;
    const received = new Promise<void>((resolve) => (onReceived = resolve));
    const finished = new Promise<{ writes: number; ended: boolean }>((resolve, reject) => {
      const app = express().get("/download", (_req, res: Response) => {
        let writes = 0;
        const write = res.write.bind(res) as (chunk: unknown) => boolean;
        res.write = ((chunk: unknown) => {
          writes++;
          return write(chunk);
        }) as Response["write"];
        onReceived();
        res.once("close", () => {
          sendLightCurveDownload(res, store, STAR, format).then(() => resolve({ writes, ended: res.writableEnded }), reject);
        });
      });
      server = http.createServer(app).listen(0, "127.0.0.1");
    });
    await once(server, "listening");
    try {
      const request = http.get({ host: "127.0.0.1", port: (server.address() as AddressInfo).port, path: "/download" });
      request.on("error", () => undefined);
      await received;
      request.destroy();
      expect(await finished).toEqual({ writes: 0, ended: false });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
