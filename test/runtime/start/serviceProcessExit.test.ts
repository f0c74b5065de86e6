/**
 * No service outlives the process that started it: test/fixtures/services/exitingParent.ts starts a
 * stand-in service and calls process.exit at once; the service must be gone. The parent is a child
 * process here (under tsx, a second or two), so Stryker's per-test coverage cannot see the exit
 * handler run (a child's coverage is lost; see "Spawned processes (sixth session)" in
 * test/mutation-survivors.md), only its spawned mode can.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { gone, killLeftovers } from "./fakeServices.js";

const PARENT = fileURLToPath(new URL("../../fixtures/services/exitingParent.ts", import.meta.url));

it("kills the services it started when the process exits", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "piaa-exit-"));
  let parent: ChildProcess | undefined;
  try {
    parent = spawn(process.execPath, ["--import", "tsx", PARENT, path.join(dir, "combiner-1.log")], { stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    parent.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => parent!.once("close", resolve));
    expect(code).toBe(0);
    const pid = Number(stdout.trim());
    expect(pid).toBeGreaterThan(0);
    expect(await gone(pid)).toBe(true);
  } finally {
    if (parent?.exitCode === null && parent.signalCode === null) parent.kill("SIGKILL");
    await killLeftovers(dir);
    await rm(dir, { recursive: true, force: true });
  }
});
