/**
 * Dashboard traffic beside the proxy's push path, for the load test and the bench: concurrent
 * clients each sending their own bounded list of dashboard requests, and a prober timing the push
 * path meanwhile.
 */

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
