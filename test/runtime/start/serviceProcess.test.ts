/**
 * startServiceProcess with stand-in services (test/fixtures/services/fakeService.mjs: plain node,
 * a fraction of a second to start) as real child processes on 127.0.0.1: how the parent learns the
 * port, the log file, the exit status, stop's SIGTERM-then-SIGKILL, kill, and the errors that name
 * the service and its log when it does not start. Every child is killed after each test, also when
 * its start failed (its pid is in the first line of its log).
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ServiceProcessError, startServiceProcess, type ServiceProcess, type ServiceProcessOptions } from "../../../runtime/start/serviceProcess.js";
import { announcedPort, environmentRecord, FAKE_SERVICE, gone, isRunning, killLeftovers, statusNow, TYPED_SERVICE } from "./fakeServices.js";

/** A bound for a start under load, not a goal: the stand-in starts in well under a second. */
const START_BOUND_MS = 20_000;

let dir: string;

async function start(name: string, options: Partial<ServiceProcessOptions> & { mode?: string } = {}): Promise<ServiceProcess> {
  const { mode, ...rest } = options;
  return startServiceProcess({
    name,
    entry: FAKE_SERVICE,
    logFile: path.join(dir, `${name}.log`),
    startTimeoutMs: START_BOUND_MS,
    ...rest,
    env: { PORT: "0", ...(mode === undefined ? {} : { FAKE_SERVICE_MODE: mode }), ...rest.env },
  });
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "piaa-service-"));
});

afterEach(async () => {
  // By the pids in their logs, not through the code under test; also those whose start failed.
  await killLeftovers(dir);
  await rm(dir, { recursive: true, force: true });
});

describe("startServiceProcess", () => {
  it("takes the port from the line whose message ends in 'listening' and whose port is a number; its URL answers", async () => {
    process.env.PIAA_FAKE_INHERITED = "from the parent";
    let service: ServiceProcess;
    try {
      service = await start("combiner-1", { env: { PIAA_BUCKET: "/data/bucket" } });
    } finally {
      delete process.env.PIAA_FAKE_INHERITED;
    }
    const logFile = path.join(dir, "combiner-1.log");
    // The stand-in prints a port under another message, then a port as a string, before the real line.
    const announced = await announcedPort(logFile);
    expect(typeof announced).toBe("number");
    expect(service.port).toBe(announced);
    expect(service.url).toBe(`http://127.0.0.1:${service.port}`);
    expect(service.name).toBe("combiner-1");
    expect((await fetch(service.url)).status).toBe(204);
    const given = await environmentRecord(logFile);
    expect(given.pid).toBe(service.pid);
    // Its environment is this process's with the options' variables on top; a .mjs entry runs without tsx.
    expect(given.env).toMatchObject({ PIAA_BUCKET: "/data/bucket", PIAA_FAKE_INHERITED: "from the parent", PORT: "0" });
    expect(given.execArgv).toEqual([]);
    // Every line of its stdout is in the log, in order, the plain-text one too.
    expect((await readFile(logFile, "utf8")).split("\n").slice(0, 3)).toEqual([expect.stringContaining("fake service environment"), "starting (not JSON)", expect.stringContaining("metrics ready")]);
  });

  it("appends to an existing log file (a restarted proxy keeps the first one's log)", async () => {
    await writeFile(path.join(dir, "proxy.log"), "the first proxy's line\n");
    const service = await start("proxy");
    await service.stop();
    const log = await readFile(path.join(dir, "proxy.log"), "utf8");
    expect(log.startsWith("the first proxy's line\n")).toBe(true);
    expect(log).toContain('"message":"fake listening"');
  });

  it("stop() sends SIGTERM and resolves once the process has exited, with its exit code", async () => {
    const service = await start("analyzer");
    await service.stop();
    expect(await statusNow(service)).toBe(0);
    expect(isRunning(service.pid)).toBe(false);
    // Again, on an exited process: nothing to do.
    await service.stop();
    expect(await service.exited).toBe(0);
  });

  it("stop() kills a process that ignores SIGTERM once its timeout has passed", async () => {
    const service = await start("combiner-2", { mode: "stubborn" });
    await service.stop(200);
    expect(await statusNow(service)).toBe("SIGKILL");
  });

  it("kill() sends SIGKILL at once, and a later stop() has nothing left to do", async () => {
    const service = await start("combiner-1");
    await service.kill();
    expect(await statusNow(service)).toBe("SIGKILL");
    await service.stop(200);
    expect(await service.exited).toBe("SIGKILL");
  });

  it("fails with the service's name, exit status and stderr when it exits before listening", async () => {
    const failure = start("combiner-1", { mode: "exit-3", env: { PIAA_BUCKET: "/no/such/bucket" } });
    await expect(failure).rejects.toThrow(ServiceProcessError);
    await expect(failure).rejects.toThrow(/^combiner-1 exited \(3\) before listening: fake service: PIAA_BUCKET \/no\/such\/bucket is not a directory$/);
    // stderr goes to the log too.
    expect(await readFile(path.join(dir, "combiner-1.log"), "utf8")).toContain("fake service: PIAA_BUCKET /no/such/bucket is not a directory\n");
  });

  it("fails naming the service, the timeout and its log when it does not announce a port in time, and kills it", async () => {
    const logFile = path.join(dir, "analyzer.log");
    // Long enough for the stand-in to have logged its pid even on a loaded machine.
    const failure = start("analyzer", { mode: "silent", startTimeoutMs: 2000 });
    await expect(failure).rejects.toThrow(ServiceProcessError);
    await expect(failure).rejects.toThrow(`analyzer did not start within 2000 ms (log: ${logFile})`);
    const { pid } = await environmentRecord(logFile);
    expect(await gone(pid)).toBe(true);
  });

  it("runs a TypeScript entry (the services' main.ts) through tsx", async () => {
    const service = await start("proxy", { entry: TYPED_SERVICE });
    expect((await fetch(service.url)).status).toBe(204);
    const { execArgv } = await environmentRecord(path.join(dir, "proxy.log"));
    expect(execArgv[0]).toBe("--import");
    expect(execArgv[1]).toMatch(/\/tsx\/.*loader\.mjs$/);
  });
});
