/**
 * `piaa serve dashboard` as a process: it stops through the shared drain (runtime/core/
 * httpService.ts), so on SIGTERM a client that holds a connection idle or stops halfway through
 * its request's headers does not keep it up (a plain server.close() waited for such a client
 * until node's 60-second headers timeout), while a request received in full is answered.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openRaw } from "../rawHttp.js";
import { PROCESS_TEST_TIMEOUT_MS, repoRoot } from "../serviceProcesses.js";

let child: ChildProcess | undefined;
let bucket: string | undefined;

afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill("SIGKILL");
    await new Promise((resolve) => child!.once("exit", resolve));
  }
  child = undefined;
  if (bucket) await rm(bucket, { recursive: true, force: true });
});

describe("piaa serve dashboard", () => {
  it("on SIGTERM answers what it received, closes idle and half-sent connections and exits 0", { timeout: PROCESS_TEST_TIMEOUT_MS }, async () => {
    bucket = await mkdtemp(path.join(tmpdir(), "piaa-serve-dashboard-"));
    const started = spawn(process.execPath, ["bin/piaa.js", "serve", "dashboard", "--bucket", bucket, "--port", "0"], { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] });
    child = started;
    const exited = new Promise<number | null>((resolve) => started.once("exit", (code) => resolve(code)));
    let stdout = "";
    const port = await new Promise<number>((resolve, reject) => {
      started.stdout!.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(stdout);
        if (match) resolve(Number(match[1]));
      });
      void exited.then((code) => reject(new Error(`exited (${code}) before listening: ${stdout}`)));
    });
    const idle = await openRaw(port);
    const halfHeaders = await openRaw(port);
    halfHeaders.socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    const probe = await openRaw(port);
    probe.socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    expect(await probe.status()).toBe(200);

    started.kill("SIGTERM");
    for (const client of [idle, halfHeaders]) expect((await client.closed).text).toBe("");
    expect((await probe.closed).text).toMatch(/No stars in the index yet/);
    expect(await exited).toBe(0);
  });
});
