/**
 * serviceProcess.ts's "exit" listener, called in process: whatever way the parent ends, it kills
 * every service still running, so none is left holding a port. serviceProcessExit.test.ts shows
 * the same with a parent that really exits, but in a child process, where a per-test mutation run
 * cannot see it run; here the listener runs in the test's own process. It is found among the
 * process's "exit" listeners by what it does (it SIGKILLs the module's `running` set), and only
 * services this test started are running when it is called.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { startServiceProcess, type ServiceProcess } from "../../../runtime/start/serviceProcess.js";
import { FAKE_SERVICE, gone, killLeftovers, statusNow } from "./fakeServices.js";

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "piaa-service-exit-"));
});

afterEach(async () => {
  await killLeftovers(dir);
  await rm(dir, { recursive: true, force: true });
});

const start = (name: string): Promise<ServiceProcess> =>
  startServiceProcess({ name, entry: FAKE_SERVICE, logFile: path.join(dir, `${name}.log`), startTimeoutMs: 20_000, env: { PORT: "0" } });

/** serviceProcess.ts's "exit" listener (the only one that kills children with SIGKILL over a `running` set). */
function childKillingExitListener(): () => void {
  const found = process.listeners("exit").filter((listener) => /\brunning\b/.test(listener.toString()) && listener.toString().includes("SIGKILL"));
  expect(found).toHaveLength(1);
  return found[0] as () => void;
}

it("kills every service still running when the process exits", async () => {
  const first = await start("first");
  const second = await start("second");
  expect([await statusNow(first), await statusNow(second)]).toEqual(["running", "running"]);

  childKillingExitListener()();

  // Bounded waits: a listener that killed nothing fails here, not at the test's timeout.
  expect(await Promise.all([gone(first.pid), gone(second.pid)])).toEqual([true, true]);
  expect([await first.exited, await second.exited]).toEqual(["SIGKILL", "SIGKILL"]);
});
