/**
 * Dashboard traffic beside the proxy's push path, for the load test and the bench: concurrent
 * clients each sending their own bounded list of dashboard requests, a prober timing the push
 * path meanwhile, and a meter of the longest synchronous slice of work on the event loop (one
 * callback or promise continuation, from async_hooks' before to after), in CPU time: no request
 * can wait on a single piece of work longer than that, and unlike latency a busy machine does not
 * inflate it (time the process is not scheduled is not CPU time). The CPU time is the calling
 * thread's own where Linux tells it (/proc/thread-self/schedstat), so that a worker thread busy
 * meanwhile is not counted; elsewhere it is the process's.
 */
import { createHook } from "node:async_hooks";
import { closeSync, openSync, readSync } from "node:fs";

export interface SliceMeter {
  /** Stops measuring: the longest slice's CPU time (ms) and the number of slices. */
  stop(): { longestCpuMs: number; slices: number };
}

/** A clock of this thread's CPU time in ms, and how to release it. */
function threadCpuClock(): { nowMs(): number; close(): void } {
  try {
    // schedstat's first field: nanoseconds this thread has run (Linux, Documentation/scheduler/sched-stats.rst).
    const fd = openSync("/proc/thread-self/schedstat", "r");
    const buffer = Buffer.alloc(128);
    return {
      nowMs: () => Number(buffer.toString("latin1", 0, readSync(fd, buffer, 0, buffer.length, 0)).split(" ")[0]) / 1e6,
      close: () => closeSync(fd),
    };
  } catch {
    const nowMs = (): number => {
      const used = process.cpuUsage();
      return (used.user + used.system) / 1000;
    };
    return { nowMs, close: () => undefined };
  }
}

export function meterSynchronousSlices(): SliceMeter {
  const clock = threadCpuClock();
  let depth = 0;
  let began = clock.nowMs();
  let longest = 0;
  let slices = 0;
  const hook = createHook({
    before() {
      if (depth++ === 0) began = clock.nowMs();
    },
    after() {
      if (--depth !== 0) return;
      longest = Math.max(longest, clock.nowMs() - began);
      slices += 1;
    },
  }).enable();
  return {
    stop() {
      hook.disable();
      clock.close();
      return { longestCpuMs: longest, slices };
    },
  };
}

/** One answer: its path, status and byte count. */
export interface DashboardAnswer {
  path: string;
  status: number;
  bytes: number;
}

/** Each client sends its paths one after the other; resolves with every answer. */
export async function dashboardClients(base: string, clients: readonly (readonly string[])[]): Promise<DashboardAnswer[]> {
  const answers = await Promise.all(
    clients.map(async (paths) => {
      const out: DashboardAnswer[] = [];
      for (const path of paths) {
        const res = await fetch(`${base}${path}`);
        out.push({ path, status: res.status, bytes: (await res.arrayBuffer()).byteLength });
      }
      return out;
    }),
  );
  return answers.flat();
}

/** Times `probe` back to back until `until` settles (at most `max` probes); latencies in ms. */
export async function probeUntil(probe: () => Promise<void>, until: Promise<unknown>, max: number): Promise<number[]> {
  let done = false;
  void until.finally(() => (done = true)).catch(() => undefined);
  const times: number[] = [];
  while (!done && times.length < max) {
    const began = performance.now();
    await probe();
    times.push(performance.now() - began);
  }
  return times;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}
