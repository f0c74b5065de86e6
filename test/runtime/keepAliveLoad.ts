/**
 * Keep-alive clients in tight loops against a service on 127.0.0.1, for drain tests: each worker
 * sends requests one after another over one kept-alive connection (node's http Agent, which
 * opens a new connection after an answer with `Connection: close`) until a connection is
 * refused (the listener closed) or a request fails otherwise, or `maxRequestsPerWorker` is reached.
 */
import http from "node:http";
import { expect } from "vitest";

export interface LoadRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface Answer {
  status: number;
  /** The answer's Connection header. */
  connection: string | undefined;
}

export interface WorkerRecord {
  answers: Answer[];
  /** Why the worker stopped: an error code (ECONNREFUSED, ECONNRESET...) or "bound". */
  end: string;
}

export interface KeepAliveLoad {
  /** Resolves once `count` answers have arrived in all (or every worker stopped before). */
  answered(count: number): Promise<void>;
  /** Resolves when every worker has stopped. */
  finished: Promise<WorkerRecord[]>;
}

export function startKeepAliveLoad(port: number, workers: number, request: () => LoadRequest, maxRequestsPerWorker = 5000): KeepAliveLoad {
  const agent = new http.Agent({ keepAlive: true, maxSockets: workers });
  let total = 0;
  const waiting: Array<{ count: number; resolve: () => void }> = [];
  const send = (): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const { path, headers, body } = request();
      const req = http.request({ host: "127.0.0.1", port, path, method: "POST", agent, headers: { ...headers, "content-length": Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
  const worker = async (): Promise<WorkerRecord> => {
    const answers: Answer[] = [];
    while (answers.length < maxRequestsPerWorker) {
      try {
        answers.push(await send());
      } catch (error) {
        return { answers, end: (error as NodeJS.ErrnoException).code ?? String(error) };
      }
      total++;
      for (const waiter of waiting.filter((candidate) => total >= candidate.count)) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
    return { answers, end: "bound" };
  };
  const finished = Promise.all(Array.from({ length: workers }, worker)).finally(() => agent.destroy());
  return {
    answered: (count) =>
      Promise.race([new Promise<void>((resolve) => (total >= count ? resolve() : waiting.push({ count, resolve }))), finished.then(() => undefined)]),
    finished,
  };
}

interface DrainOutcome {
  /** How many workers ended for each reason (a clean drain: all ECONNREFUSED, none ECONNRESET). */
  ends: Record<string, number>;
  /** Workers whose last answer did not carry `Connection: close`. */
  lastAnswerKeptAlive: number;
  /** 503 answers (sent while draining) that did not carry `Connection: close`. */
  answers503KeptAlive: number;
  /** Statuses other than 200 and 503. */
  otherStatuses: number[];
}

/** What a drain test asserts about the load it ran. */
function drainOutcome(workers: WorkerRecord[]): DrainOutcome {
  const ends: Record<string, number> = {};
  for (const { end } of workers) ends[end] = (ends[end] ?? 0) + 1;
  const answers = workers.flatMap((worker) => worker.answers);
  return {
    ends,
    lastAnswerKeptAlive: workers.filter((worker) => worker.answers.at(-1)?.connection !== "close").length,
    answers503KeptAlive: answers.filter((answer) => answer.status === 503 && answer.connection !== "close").length,
    otherStatuses: [...new Set(answers.map((answer) => answer.status))].filter((status) => status !== 200 && status !== 503),
  };
}

/**
 * A clean drain, as both services' drain tests require it: every worker kept sending until the
 * closed listener refused its next connection (none was reset), 503s sent while draining closed
 * their connection, and the drain marked answers as their connection's last. Not every worker ends
 * on such an answer: one that was between an answer and its next request when the drain began had
 * its idle connection closed with nothing to mark, and reconnected to a refused listener (clean, but
 * its last answer was a kept-alive one). Without the marking, every worker would end that way.
 */
export function expectCleanDrain(workers: WorkerRecord[]): void {
  const { ends, answers503KeptAlive, otherStatuses, lastAnswerKeptAlive } = drainOutcome(workers);
  expect({ ends, answers503KeptAlive, otherStatuses }).toEqual({ ends: { ECONNREFUSED: workers.length }, answers503KeptAlive: 0, otherStatuses: [] });
  expect(lastAnswerKeptAlive).toBeLessThan(workers.length);
}
