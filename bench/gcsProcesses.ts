/**
 * The processes of the GCS benchmark: the fake Cloud Storage server
 * (test/runtime/core/store/fakeGcsServerMain.ts) and `piaa serve combiner --bucket gs://…`
 * replicas pointed at it with PIAA_GCS_API_ENDPOINT, plus what the bench reads from them: the
 * server's answers (/_fake/stats) and each combiner's CPU time (/proc/<pid>/stat).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import type { FakeGcsStats } from "../test/runtime/core/store/fakeGcsStats.js";
import { STATS_PATH } from "../test/runtime/core/store/fakeGcsServer.js";
import { startServiceProcess, type ServiceProcess } from "../test/runtime/serviceProcesses.js";

export interface FakeGcsProcess {
  endpoint: string;
  stats(): Promise<FakeGcsStats>;
  stop(): Promise<void>;
}

/** Starts the fake server with the given command-line flags (fakeGcsServerMain.ts --help). */
export async function startFakeGcsProcess(flags: readonly string[]): Promise<FakeGcsProcess> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "test/runtime/core/store/fakeGcsServerMain.ts", ...flags], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [line] = (await once(child.stdout!, "data")) as [Buffer];
  const { endpoint } = JSON.parse(line.toString()) as { endpoint: string };
  return {
    endpoint,
    stats: async () => (await (await fetch(`${endpoint}${STATS_PATH}`)).json()) as FakeGcsStats,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}

/** `piaa serve combiner` on a gs:// bucket of the fake server; windowMs undefined: the service's default. */
export function startGcsCombiner(endpoint: string, bucketUrl: string, token: string, windowMs: number | undefined): Promise<ServiceProcess> {
  const env: Record<string, string> = { PIAA_GCS_API_ENDPOINT: endpoint, PIAA_COMBINER_TOKEN: token, PIAA_COMBINER_HOST: "127.0.0.1" };
  if (windowMs !== undefined) env.PIAA_COMBINER_WINDOW_MS = String(windowMs);
  return startServiceProcess({ nodeArgs: ["bin/piaa.js", "serve", "combiner", "--bucket", bucketUrl], listening: "combiner listening", env });
}

/** Clock ticks per second of /proc/<pid>/stat (sysconf(_SC_CLK_TCK), 100 on Linux). */
const CLOCK_TICKS_PER_S = 100;

/** User + system CPU seconds a process has used so far (fields 14 and 15 of /proc/<pid>/stat). */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S;
}

/**
 * Seconds the main thread (the event loop) spent waiting for a core while runnable: field 2 of
 * /proc/<pid>/schedstat (https://docs.kernel.org/scheduler/sched-stats.html). On a shared machine
 * this, not storage, can be what a process waits for.
 */
export async function runQueueSeconds(pid: number): Promise<number> {
  const [, waitingNs] = (await readFile(`/proc/${pid}/schedstat`, "utf8")).trim().split(" ");
  return Number(waitingNs) / 1e9;
}

/** Element-wise difference of two stats snapshots: what one workload caused. */
export function statsDelta(after: FakeGcsStats, before: FakeGcsStats): FakeGcsStats {
  const minus = (a: Record<string, number>, b: Record<string, number>) =>
    Object.fromEntries(Object.entries(a).map(([key, value]) => [key, value - (b[key] ?? 0)]).filter(([, value]) => value !== 0));
  return { answered: minus(after.answered, before.answered), rateLimitedWrites: minus(after.rateLimitedWrites, before.rateLimitedWrites) };
}
