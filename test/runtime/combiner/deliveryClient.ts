/**
 * A notification deliverer like the proxy / Pub/Sub: POSTs each segment to one of the combiners
 * (round robin), and redelivers to the next one on any non-2xx answer or connection failure,
 * with a bounded number of attempts. Used by the multi-process test and the benchmarks.
 *
 * It posts with node:http over keep-alive connections rather than fetch: on the 2-core bench
 * machine fetch's per-request cost made this client take about 40% of the CPU in the
 * survey-burst bench, measuring the load generator as much as the combiners.
 */
import http from "node:http";

export interface Delivery {
  object: string;
  generation?: string;
}

export interface DeliveryOptions {
  /** The combiner base URLs currently worth trying (read before every attempt). */
  targets: () => readonly string[];
  token: string;
  concurrency: number;
  /** Attempts per delivery before the whole run fails. */
  maxAttempts?: number;
  /** Pause before a redelivery, in ms. */
  retryDelayMs?: number;
  /** Per-attempt timeout, in ms. */
  timeoutMs?: number;
  /** Start delivery `i` no earlier than `startAtMs(i)` after the run began (paced load). */
  startAtMs?: (i: number) => number;
  /** Called after each delivery was acknowledged with a 2xx. */
  onDelivered?: (done: number) => void;
}

export interface DeliveryReport {
  attempts: number;
  /** Attempts answered with a non-2xx status, by status ("network" for connection failures). */
  failures: Record<string, number>;
  /** Time from the first attempt to the 2xx, per delivery, in ms. */
  latenciesMs: number[];
  /** The `outcome` of each acknowledged delivery, by outcome. */
  outcomes: Record<string, number>;
  elapsedMs: number;
}

export async function deliverAll(deliveries: readonly Delivery[], options: DeliveryOptions): Promise<DeliveryReport> {
  const { token, concurrency, maxAttempts = 40, retryDelayMs = 50, timeoutMs = 20_000 } = options;
  const report: DeliveryReport = { attempts: 0, failures: {}, latenciesMs: new Array(deliveries.length), outcomes: {}, elapsedMs: 0 };
  const began = performance.now();
  let next = 0;
  let done = 0;
  let turn = 0;

  async function deliver(i: number): Promise<void> {
    const delivery = deliveries[i]!;
    const started = performance.now();
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const targets = options.targets();
      const target = targets[turn++ % Math.max(1, targets.length)];
      report.attempts++;
      const answer = target === undefined ? undefined : await post(target, delivery, token, timeoutMs);
      if (answer?.ok) {
        report.latenciesMs[i] = performance.now() - started;
        report.outcomes[answer.outcome] = (report.outcomes[answer.outcome] ?? 0) + 1;
        options.onDelivered?.(++done);
        return;
      }
      // A 4xx means the request itself is wrong: redelivering cannot help.
      if (answer && answer.status >= 400 && answer.status < 500) throw new Error(`${delivery.object}: ${answer.status} ${answer.outcome}`);
      const failure = answer ? String(answer.status) : "network";
      report.failures[failure] = (report.failures[failure] ?? 0) + 1;
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs * Math.min(attempt, 10)));
    }
    throw new Error(`${delivery.object}: not acknowledged after ${maxAttempts} attempts`);
  }

  async function worker(): Promise<void> {
    while (next < deliveries.length) {
      const i = next++;
      const wait = (options.startAtMs?.(i) ?? 0) - (performance.now() - began);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await deliver(i);
    }
  }

  await Promise.all(Array.from({ length: concurrency }, worker));
  report.elapsedMs = performance.now() - began;
  return report;
}

/** A 2xx carries the outcome; any other status the error message. */
type Answer = { ok: boolean; status: number; outcome: string };

/** Keep-alive connections, shared by every delivery of the process. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** One attempt; undefined when the connection failed or timed out. */
function post(target: string, delivery: Delivery, token: string, timeoutMs: number): Promise<Answer | undefined> {
  const body = JSON.stringify({ bucket: "piaa-test", ...delivery });
  return new Promise((resolve) => {
    const req = http.request(
      `${target}/v1/segments`,
      {
        method: "POST",
        agent,
        headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body), Authorization: `Bearer ${token}` },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", () => resolve(undefined));
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          const ok = status >= 200 && status < 300;
          try {
            const answer = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { outcome?: string; message?: string };
            resolve({ ok, status, outcome: (ok ? answer.outcome : answer.message) ?? "?" });
          } catch {
            resolve(undefined);
          }
        });
      },
    );
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(undefined));
    req.end(body);
  });
}

/** The p-th percentile (0–100) of a list of numbers, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}
