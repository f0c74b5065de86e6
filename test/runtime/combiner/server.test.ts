/**
 * The container entry (main.ts → server.ts) as a process on 127.0.0.1: configuration errors stop
 * it with a message naming the variable, and SIGTERM drains: a segment accepted before the
 * signal is still merged and answered 200, later ones get 503, and the process exits 0; idle
 * and half-sent connections do not hold it, and keep-alive clients are not reset.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadMasterLightCurve } from "../../../runtime/core/loadMasterLightCurve.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { expectCleanDrain, startKeepAliveLoad } from "../keepAliveLoad.js";
import { PROCESS_TEST_TIMEOUT_MS } from "../serviceProcesses.js";
import { openRaw, postHead } from "../rawHttp.js";
import { startCombinerProcess, type CombinerProcess } from "./combinerProcesses.js";
import { generatedPic, generatedSegment, uploadSegments } from "./generatedSegments.js";

const TOKEN = "server-test-token-0123456789";
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

let dir: string;
let combiner: CombinerProcess | undefined;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "piaa-combiner-server-"));
});
afterEach(async () => {
  await combiner?.stop();
  combiner = undefined;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("runtime/combiner/main.ts", () => {
  it("exits with status 2 and a message naming PIAA_BUCKET when the bucket cannot be opened", () => {
    // The other variables are checked in process (config.test.ts); this one fails opening the store.
    const result = spawnSync(process.execPath, ["--import", "tsx", "runtime/combiner/main.ts"], {
      cwd: repoRoot,
      env: { ...process.env, PIAA_BUCKET: "s3://elsewhere", PIAA_COMBINER_TOKEN: TOKEN, PORT: "0", PIAA_COMBINER_HOST: "127.0.0.1" },
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/PIAA_BUCKET: .*use a directory, file:\/\/ or gs:\/\//);
  });

  it("drains on SIGTERM: the accepted segment is merged and answered, new ones get 503, exit 0", async () => {
    const store = new FsObjectStore({ root: dir });
    const pic = generatedPic(42);
    const [opening, first, second] = [0, 1, 2].map((k) => generatedSegment(pic, k, 10));
    await uploadSegments(store, [opening!, first!, second!]);
    combiner = await startCombinerProcess({ PIAA_BUCKET: dir, PIAA_COMBINER_TOKEN: TOKEN, PIAA_COMBINER_WINDOW_MS: "1500" });
    const post = (object: string) =>
      fetch(`${combiner!.url}/v1/segments`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${TOKEN}`, Connection: "keep-alive" },
        body: JSON.stringify({ bucket: "local", object }),
      });
    // The star's first segment is merged at once; the next waits out the 1.5 s window since that
    // batch started, so it is still waiting when the signal arrives.
    expect((await post(opening!.object)).status).toBe(200);
    const accepted = post(first!.object);
    await new Promise((resolve) => setTimeout(resolve, 300));
    combiner.child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 200));
    const late = await post(second!.object).then(
      (res) => res.status,
      () => "refused",
    );
    // Either the listener is already closed or the request is refused with 503: never merged.
    expect([503, "refused"]).toContain(late);
    const res = await accepted;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { outcome: string }).outcome).toBe("merged");
    expect(await combiner.exited).toBe(0);
    const { mlc } = await loadMasterLightCurve(store, pic);
    expect(mlc.segments.map((s) => s.object)).toEqual([opening!.object, first!.object]);
  });

  it("on SIGTERM closes idle and half-sent connections and exits 0, whatever those clients do next", { timeout: PROCESS_TEST_TIMEOUT_MS }, async () => {
    // A drain timeout far beyond the test's bound: exit 0 means the drain ended by itself.
    combiner = await startCombinerProcess({ PIAA_BUCKET: dir, PIAA_COMBINER_TOKEN: TOKEN, PIAA_COMBINER_DRAIN_TIMEOUT_MS: "600000" });
    const body = JSON.stringify({ bucket: "local", object: "LC/x" });
    const idle = await openRaw(combiner.port);
    const halfHeaders = await openRaw(combiner.port);
    halfHeaders.socket.write(postHead("/v1/segments", { Authorization: `Bearer ${TOKEN}` }, false));
    const halfBody = await openRaw(combiner.port);
    halfBody.socket.write(`${postHead("/v1/segments", { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json", "Content-Length": String(body.length) })}${body.slice(0, 10)}`);
    // Once a kept-alive request is answered, the combiner has read the other clients' bytes.
    const probe = await openRaw(combiner.port);
    probe.socket.write(postHead("/v1/segments", { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json", "Content-Length": "2" }) + "{}");
    expect(await probe.status()).toBe(400);

    combiner.child.kill("SIGTERM");
    for (const client of [idle, halfHeaders, halfBody]) expect((await client.closed).text).toBe("");
    expect(await combiner.exited).toBe(0);
  });

  it("drains under keep-alive load: no client is reset, answers while draining close their connection", { timeout: PROCESS_TEST_TIMEOUT_MS }, async () => {
    const store = new FsObjectStore({ root: dir });
    const pic = generatedPic(7);
    const segments = [0, 1, 2, 3].map((k) => generatedSegment(pic, k, 10));
    await uploadSegments(store, segments);
    combiner = await startCombinerProcess({ PIAA_BUCKET: dir, PIAA_COMBINER_TOKEN: TOKEN, PIAA_COMBINER_WINDOW_MS: "5" });
    let next = 0;
    const load = startKeepAliveLoad(combiner.port, 16, () => ({
      path: "/v1/segments",
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ bucket: "local", object: segments[next++ % segments.length]!.object }),
    }));
    await load.answered(300);
    combiner.child.kill("SIGTERM");
    const workers = await load.finished;
    expect(await combiner.exited).toBe(0);
    expectCleanDrain(workers);
  });
});
