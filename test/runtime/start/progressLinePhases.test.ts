/**
 * The progress line on a pipe (progressLine.ts): a phase is the text before the first ":", so
 * "starting …" and "simulating: …" are two phases and the second is printed at once, however
 * alike their first letters; done() on a pipe only ends with the given text (no terminal codes).
 */
import { describe, expect, it } from "vitest";
import { createProgressLine, PIPE_INTERVAL_MS } from "../../../runtime/start/progressLine.js";

function pipe() {
  const written: string[] = [];
  return { stream: { isTTY: false, write: (text: string) => (written.push(text), true) } as unknown as NodeJS.WritableStream, written };
}

describe("createProgressLine on a pipe", () => {
  it("prints the first line of each phase at once, phases told apart by the text before the colon", () => {
    const { stream, written } = pipe();
    const now = 1_000_000;
    const progress = createProgressLine(stream, () => now);
    progress.update("starting the proxy and 2 combiners");
    progress.update("simulating: 0/10 objects uploaded");
    progress.update("simulating: 1/10 objects uploaded");
    progress.update("stopping: now");
    expect(written).toEqual(["starting the proxy and 2 combiners\n", "simulating: 0/10 objects uploaded\n", "stopping: now\n"]);
  });

  it("prints again within a phase once the interval has passed since the last line, not before", () => {
    const { stream, written } = pipe();
    let now = 0;
    const progress = createProgressLine(stream, () => now);
    progress.update("merging: 0/9");
    now = PIPE_INTERVAL_MS - 1;
    progress.update("merging: 3/9");
    now = PIPE_INTERVAL_MS;
    progress.update("merging: 6/9");
    now = 2 * PIPE_INTERVAL_MS - 1;
    progress.update("merging: 8/9");
    expect(written).toEqual(["merging: 0/9\n", "merging: 6/9\n"]);
  });

  it("ends with the given text only, and with nothing when given none", () => {
    const { stream, written } = pipe();
    const progress = createProgressLine(stream, () => 0);
    progress.update("analysing: 1/2 stars current");
    progress.done();
    progress.done("interrupted (SIGINT); stopping");
    expect(written).toEqual(["analysing: 1/2 stars current\n", "interrupted (SIGINT); stopping\n"]);
  });
});

describe("createProgressLine on a terminal", () => {
  it("clears the line once: a second done() writes only its text", () => {
    const written: string[] = [];
    const progress = createProgressLine({ isTTY: true, write: (text: string) => (written.push(text), true) } as unknown as NodeJS.WritableStream);
    progress.update("merging: 1/2");
    progress.done();
    progress.done("stopped");
    expect(written).toEqual(["\r\x1b[Kmerging: 1/2", "\r\x1b[K", "stopped\n"]);
  });
});
