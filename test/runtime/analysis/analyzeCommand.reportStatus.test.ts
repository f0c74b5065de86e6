import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeCommand } from "../../../runtime/analysis/analyzeCommand.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { writeSyntheticStars } from "../dashboard/syntheticStars.js";

// `piaa analyze PIC`'s report says whether it analysed the MLC now ("computed") or read the
// analysis already stored for this MLC generation ("up to date"); --force computes again.
const star = { pic: "PIC_J0326137+295015", nights: 1, exposures: 40, seed: 9 };

function capture() {
  const out = { stdout: "", stderr: "" };
  return { out, output: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) } };
}

describe("piaa analyze's report", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "piaa-analyze-status-"));
    await writeSyntheticStars(new FsObjectStore({ root }), [star]);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("says computed the first time and with --force, up to date when the stored analysis is current", async () => {
    const line = async (...extra: string[]) => {
      const { out, output } = capture();
      await analyzeCommand(output).parseAsync([star.pic, "--bucket", root, ...extra], { from: "user" });
      return /ANALYSIS\/PIC_J0326137\+295015\.json: (.*) for MLC generation \d+/.exec(out.stdout)?.[1];
    };
    expect(await line()).toBe("computed");
    expect(await line()).toBe("up to date");
    expect(await line("--force")).toBe("computed");
  });
});
