import { describe, expect, it } from "vitest";
import { createProgressLine, PIPE_INTERVAL_MS } from "../../../runtime/start/progressLine.js";

function sink(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => (written.push(text), true) } as unknown as NodeJS.WritableStream & { isTTY: boolean; written: string[] };
}

describe("createProgressLine", () => {
  it("rewrites one line in place on a terminal and clears it when done", () => {
    const out = sink(true);
    const progress = createProgressLine(out);
    progress.update("simulating: 1/4");
    progress.update("simulating: 2/4");
    progress.done("finished");
    expect(out.written).toEqual(["\r\x1b[Ksimulating: 1/4", "\r\x1b[Ksimulating: 2/4", "\r\x1b[K", "finished\n"]);
  });

  it("on a pipe, prints a line per phase and at most one per interval within a phase", () => {
    const out = sink(false);
    let now = 0;
    const progress = createProgressLine(out, () => now);
    progress.update("simulating: 1/4");
    progress.update("simulating: 2/4");
    now = PIPE_INTERVAL_MS;
    progress.update("simulating: 3/4");
    progress.update("merging: 0/2");
    progress.done();
    expect(out.written).toEqual(["simulating: 1/4\n", "simulating: 3/4\n", "merging: 0/2\n"]);
  });
});
