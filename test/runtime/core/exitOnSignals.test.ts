import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { exitOnSignals } from "../../../runtime/core/exitOnSignals.js";
import { EXIT_STATUS } from "../../../runtime/core/exitStatus.js";

/** A promise with its settle functions outside, so a test decides when a service has started. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("exitOnSignals: a signal at any moment of a service's life drains what started", () => {
  const signals = ["SIGINT", "SIGTERM"] as const;
  let before: Map<NodeJS.Signals, NodeJS.SignalsListener[]>;
  /** Removes the handlers a test's exitOnSignals added, so each test meets a process with none. */
  const removeAddedHandlers = () => {
    for (const signal of signals) {
      for (const listener of process.listeners(signal)) if (!before.get(signal)!.includes(listener)) process.removeListener(signal, listener);
    }
  };
  beforeEach(() => {
    before = new Map(signals.map((signal) => [signal, process.listeners(signal)]));
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  });
  afterEach(() => {
    removeAddedHandlers();
    vi.restoreAllMocks();
  });

  it("a Ctrl-C while the service is still starting waits for the start, then drains it and exits 130", async () => {
    const start = deferred<string>();
    const stopped: string[] = [];
    const exits: number[] = [];
    const started = exitOnSignals(start.promise, async (service, signal) => (stopped.push(`${service} ${signal}`), true), (code) => exits.push(code));
    process.emit("SIGINT", "SIGINT");
    await settle();
    expect(stopped).toEqual([]);
    expect(exits).toEqual([]);
    start.resolve("combiner");
    expect(await started).toBe("combiner");
    await settle();
    expect(stopped).toEqual(["combiner SIGINT"]);
    expect(exits).toEqual([EXIT_STATUS.interrupted]);
  });

  it("SIGTERM exits 0 after a clean drain and 1 after a drain that left work unanswered", async () => {
    for (const [clean, status] of [[true, EXIT_STATUS.success], [false, 1]] as const) {
      const exits: number[] = [];
      await exitOnSignals(Promise.resolve("proxy"), async () => clean, (code) => exits.push(code));
      process.emit("SIGTERM", "SIGTERM");
      await settle();
      expect(exits).toEqual([status]);
      removeAddedHandlers();
    }
  });

  it("a second signal during the drain exits 1 at once", async () => {
    const drain = deferred<boolean>();
    const exits: number[] = [];
    await exitOnSignals(Promise.resolve("analyzer"), () => drain.promise, (code) => exits.push(code));
    process.emit("SIGINT", "SIGINT");
    await settle();
    process.emit("SIGINT", "SIGINT");
    expect(exits).toEqual([1]);
  });

  it("a start that fails is left to the caller: a signal neither drains nor exits", async () => {
    const start = deferred<string>();
    const exits: number[] = [];
    let stops = 0;
    const started = exitOnSignals(start.promise, async () => (stops++, true), (code) => exits.push(code));
    process.emit("SIGTERM", "SIGTERM");
    start.reject(new Error("port in use"));
    await expect(started).rejects.toThrow("port in use");
    await settle();
    expect({ stops, exits }).toEqual({ stops: 0, exits: [] });
  });
});
