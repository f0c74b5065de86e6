/**
 * The progress bar of `piaa simulate` on a terminal: `[####------] done/total objects size`, redrawn
 * at most every 100 ms (but always for the last object), the line cleared when done; nothing at all
 * when the output is not a terminal. Time is faked (vi.setSystemTime) and restored.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { progressBar } from "../../../runtime/simulator/simulateCommand.js";

const progress = (objectsDone: number, objectsTotal: number, bytes: number) => ({ objectsDone, objectsTotal, bytes });

function terminal(isTTY: boolean): { stream: NodeJS.WriteStream; written: string[] } {
  const written: string[] = [];
  const stream = { isTTY, write: (text: string) => written.push(text) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, written };
}

describe("progressBar", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-08-01T00:00:00Z"));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("draws a 30-character bar with the counts and size, at most every 100 ms, always at the end, and clears the line", () => {
    const { stream, written } = terminal(true);
    const bar = progressBar(stream);
    bar.update(progress(1, 4, 512));
    expect(written).toEqual([`\r[########----------------------] 1/4 objects 512 B`]);
    vi.advanceTimersByTime(50);
    bar.update(progress(2, 4, 2048)); // within 100 ms of the last drawing: skipped
    expect(written).toHaveLength(1);
    vi.advanceTimersByTime(60);
    bar.update(progress(3, 4, 3 * 1024));
    expect(written.at(-1)).toBe(`\r[#######################-------] 3/4 objects 3.0 KB`);
    bar.update(progress(4, 4, 4 * 1024)); // at once, but the last object is always drawn
    expect(written.at(-1)).toBe(`\r[##############################] 4/4 objects 4.0 KB`);
    bar.done();
    expect(written.at(-1)).toBe("\r\x1b[K");
    expect(written).toHaveLength(4);
  });

  it("draws a full bar for a run with nothing to do", () => {
    const { stream, written } = terminal(true);
    progressBar(stream).update(progress(0, 0, 0));
    expect(written).toEqual([`\r[${"#".repeat(30)}] 0/0 objects 0 B`]);
  });

  it("writes nothing when the output is not a terminal", () => {
    const { stream, written } = terminal(false);
    const bar = progressBar(stream);
    bar.update(progress(1, 1, 10));
    bar.done();
    expect(written).toEqual([]);
  });
});
