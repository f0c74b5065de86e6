/**
 * What an operator reads and the exit status a shell or Kubernetes sees after each signal
 * (README "Exit status": 130 after Ctrl-C, 0 after a clean SIGTERM drain, 1 when work was cut).
 */
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { exitOnSignals } from "../../../runtime/core/exitOnSignals.js";

const settle = () => new Promise((resolve) => setImmediate(resolve));
const signals = ["SIGINT", "SIGTERM"] as const;

describe("exitOnSignals: messages and statuses", () => {
  let before: Map<NodeJS.Signals, NodeJS.SignalsListener[]>;
  let stderr: MockInstance<typeof process.stderr.write>;
  const written = () => stderr.mock.calls.map(([text]) => String(text)).join("");
  beforeEach(() => {
    before = new Map(signals.map((signal) => [signal, process.listeners(signal)]));
    stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  });
  afterEach(() => {
    for (const signal of signals) {
      for (const listener of process.listeners(signal)) if (!before.get(signal)!.includes(listener)) process.removeListener(signal, listener);
    }
    vi.restoreAllMocks();
  });

  it.each([
    [true, "piaa: interrupted: stopped\n", 130],
    [false, "piaa: interrupted: stopped before in-flight work was done\n", 1],
  ])("after a Ctrl-C whose drain finished: %s, says so and exits with the status of the README", async (clean, message, status) => {
    const exits: number[] = [];
    await exitOnSignals(Promise.resolve("s"), async () => clean, (code) => exits.push(code));
    process.emit("SIGINT", "SIGINT");
    await settle();
    expect(written()).toBe(message);
    expect(exits).toEqual([status]);
  });

  it("writes nothing after SIGTERM, passes the signal to stop, and handles each signal once", async () => {
    const exits: number[] = [];
    const seen: NodeJS.Signals[] = [];
    await exitOnSignals(Promise.resolve("s"), async (_service, signal) => (seen.push(signal), true), (code) => exits.push(code));
    const added = (signal: NodeJS.Signals) => process.listeners(signal).filter((listener) => !before.get(signal)!.includes(listener)).length;
    expect([added("SIGTERM"), added("SIGINT")]).toEqual([1, 1]);
    process.emit("SIGTERM", "SIGTERM");
    await settle();
    expect({ seen, exits, text: written() }).toEqual({ seen: ["SIGTERM"], exits: [0], text: "" });
    // The first handler is spent; the one waiting for a second SIGTERM is in its place.
    expect([added("SIGTERM"), added("SIGINT")]).toEqual([1, 1]);
  });

  it("ends the process through process.exit when no exit function is given", async () => {
    const exit = vi.spyOn(process, "exit").mockImplementation((() => undefined) as never);
    await exitOnSignals(Promise.resolve("s"), async () => true);
    process.emit("SIGTERM", "SIGTERM");
    await settle();
    expect(exit).toHaveBeenCalledWith(0);
  });
});
