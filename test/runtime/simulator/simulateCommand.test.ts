import { describe, expect, it } from "vitest";
import { formatBytes, progressBar, summaryLine } from "../../../runtime/simulator/simulateCommand.js";
import type { SimulateSummary } from "../../../runtime/simulator/simulate.js";

/** A stand-in for process.stderr: what a TTY or a pipe would receive. */
function stream(isTTY: boolean): NodeJS.WriteStream & { written: string[] } {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => written.push(text) > 0 } as unknown as NodeJS.WriteStream & { written: string[] };
}

describe("progressBar", () => {
  it("draws a bar on a TTY, always the final state, and clears the line when done", () => {
    const tty = stream(true);
    const bar = progressBar(tty);
    bar.update({ objectsDone: 1, objectsTotal: 4, bytes: 2048 });
    bar.update({ objectsDone: 4, objectsTotal: 4, bytes: 8 * 1024 ** 2 });
    bar.done();
    expect(tty.written[0]).toBe(`\r[${"#".repeat(8)}${"-".repeat(22)}] 1/4 objects 2.0 KB`);
    expect(tty.written[1]).toBe(`\r[${"#".repeat(30)}] 4/4 objects 8.0 MB`);
    expect(tty.written.at(-1)).toBe("\r\x1b[K");
  });

  it("writes nothing when stderr is not a terminal", () => {
    const pipe = stream(false);
    const bar = progressBar(pipe);
    bar.update({ objectsDone: 1, objectsTotal: 2, bytes: 1 });
    bar.done();
    expect(pipe.written).toEqual([]);
  });
});

describe("summaryLine", () => {
  it("says segments, points, objects, bytes and seconds in one line", () => {
    const summary = {
      dryRun: false, segments: 96, points: 6138, objects: 192, kept: 4, bytes: 7.25 * 1024 ** 2, units: 4, unitsAdded: 1,
      nights: 3, firstNight: "2026-08-01", lastNight: "2026-08-03", seconds: 1.5,
    } as SimulateSummary;
    expect(summaryLine(summary)).toBe(
      "uploaded 96 segments (6138 points, 192 objects, 4 already there and kept, 7.3 MB) from 4 units (1 new) over 3 nights 2026-08-01..2026-08-03 in 1.5 s",
    );
    expect(formatBytes(512)).toBe("512 B");
  });
});
