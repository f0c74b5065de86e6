/**
 * `piaa start`'s action in process, with stand-in services (test/fixtures/services) given through
 * startCommand's `entries`: the simulation runs with its progress on stderr, and Ctrl-C before
 * serving (here while runStart waits for the merge) ends the process with the interrupted exit
 * status, not an error. The real command (real services, in child processes) is
 * startCommand.test.ts. stderr is made to look like a terminal, so that every progress update is
 * written (on a pipe the progress line keeps one line a phase), and captured; process.exit is
 * stubbed; SIGINT is delivered by calling the listeners runStart installed.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { EXIT_STATUS } from "../../../runtime/core/exitStatus.js";
import { openObjectStore } from "../../../runtime/core/store/openObjectStore.js";
import { listSegments } from "../../../runtime/local/pipelineStatus.js";
import { startCommand } from "../../../runtime/start/startCommand.js";
import { FAKE_ENTRIES, gone, killLeftovers, environmentRecords } from "./fakeServices.js";

let dir: string;
let signalListenersBefore: Set<unknown>;
let exitCodeBefore: typeof process.exitCode;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "piaa-start-interrupted-"));
  signalListenersBefore = new Set(process.listeners("SIGINT"));
  exitCodeBefore = process.exitCode;
  vi.stubEnv("PIAA_BUCKET", undefined);
  vi.stubEnv("LOG_LEVEL", "silent");
});

afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  process.exitCode = exitCodeBefore;
  await killLeftovers(path.join(dir, "logs"));
  await rm(dir, { recursive: true, force: true });
});

/** Calls the SIGINT listeners added since the test began, as the process does on Ctrl-C. */
function interrupt(): void {
  for (const listener of process.listeners("SIGINT").filter((added) => !signalListenersBefore.has(added))) (listener as (name: string) => void)("SIGINT");
}

it("simulates with its progress on stderr, and on Ctrl-C before serving exits with the interrupted status", { timeout: 60_000 }, async () => {
  const bucket = path.join(dir, "bucket");
  let stderr = "";
  let interrupted = false;
  const stream = process.stderr;
  const wasTTY = Object.getOwnPropertyDescriptor(stream, "isTTY");
  Object.defineProperty(stream, "isTTY", { value: true, configurable: true, writable: true });
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    // Ctrl-C once runStart waits for the combiners to merge what was simulated.
    if (!interrupted && chunk.toString().includes("merging:")) {
      interrupted = true;
      interrupt();
    }
    return true;
  });
  const exit = vi.spyOn(process, "exit").mockImplementation((() => undefined) as never);
  try {
    await startCommand(FAKE_ENTRIES).parseAsync(["--bucket", bucket, "--units", "1", "--nights", "1", "--replicas", "1", "--logs", path.join(dir, "logs")], { from: "user" });
  } finally {
    if (wasTTY) Object.defineProperty(stream, "isTTY", wasTTY);
    else Reflect.deleteProperty(stream, "isTTY");
  }

  expect(exit).toHaveBeenCalledWith(EXIT_STATUS.interrupted);
  // The simulation ran, and its last progress text says what it uploaded.
  const summary = /simulating: (\d+) objects uploaded \((\d+) segments, nights (\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})\)/.exec(stderr);
  expect(summary, stderr).not.toBeNull();
  const [, uploaded, segments, firstNight, lastNight] = summary!;
  expect(Number(segments)).toBeGreaterThan(0);
  expect(Number(uploaded)).toBeGreaterThan(Number(segments));
  expect(firstNight).toBe(lastNight);
  // Before it, the count of objects as they go up (a fresh bucket: every object is uploaded).
  expect(stderr).toContain(`simulating: ${uploaded}/${uploaded} objects uploaded`);
  expect((await listSegments(openObjectStore(bucket))).size).toBe(Number(segments));
  expect(stderr).toContain("interrupted (SIGINT); stopping");
  // Every service that started was stopped.
  for (const name of ["proxy", "combiner-1", "analyzer"]) {
    const [record] = await environmentRecords(path.join(dir, "logs", `${name}.log`));
    expect(await gone(record!.pid)).toBe(true);
  }
});
