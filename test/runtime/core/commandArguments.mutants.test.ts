/** Progress lines of long commands (commandArguments.ts): quiet at first, then at most one a second. */
import { describe, expect, it } from "vitest";
import { PROGRESS_INTERVAL_MS, PROGRESS_QUIET_MS, parsePicArgument, stderrProgress } from "../../../runtime/core/commandArguments.js";
import { UsageError } from "../../../runtime/core/errors.js";

function recorder() {
  const lines: string[] = [];
  let nowMs = 1_000_000;
  const progress = stderrProgress({ stdout: () => undefined, stderr: (text) => void lines.push(text) }, "combine", () => nowMs);
  return { lines, progress, at: (ms: number) => void (nowMs = 1_000_000 + ms) };
}

describe("stderrProgress", () => {
  it("prints nothing while the run is shorter than the quiet period, even when it is done", () => {
    const { lines, progress, at } = recorder();
    at(PROGRESS_QUIET_MS - 1);
    progress(5, 5);
    expect(lines).toEqual([]);
  });

  it("prints 'label: done/total' once the quiet period is over, then once per interval", () => {
    const { lines, progress, at } = recorder();
    at(PROGRESS_QUIET_MS);
    progress(1, 10);
    expect(lines).toEqual(["combine: 1/10\n"]);
    at(PROGRESS_QUIET_MS + PROGRESS_INTERVAL_MS - 1);
    progress(2, 10);
    expect(lines).toHaveLength(1);
    at(PROGRESS_QUIET_MS + PROGRESS_INTERVAL_MS);
    progress(3, 10);
    expect(lines).toEqual(["combine: 1/10\n", "combine: 3/10\n"]);
  });

  it("always prints the last step after the quiet period, however soon after the previous line", () => {
    const { lines, progress, at } = recorder();
    at(PROGRESS_QUIET_MS);
    progress(9, 10);
    at(PROGRESS_QUIET_MS + 1);
    progress(10, 10);
    expect(lines).toEqual(["combine: 9/10\n", "combine: 10/10\n"]);
  });
});

describe("parsePicArgument", () => {
  it("takes a PIC id or a catalog id and refuses anything else", () => {
    expect(parsePicArgument("PIC_J0326137+295015")).toBe("PIC_J0326137+295015");
    expect(parsePicArgument("hd189733")).toMatch(/^PIC_J2000/);
    expect(() => parsePicArgument("nosuchstar")).toThrow(UsageError);
  });
});
