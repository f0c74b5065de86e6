import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeCommand } from "../../../runtime/analysis/analyzeCommand.js";
import { plotCommand } from "../../../runtime/analysis/plotCommand.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { DASHBOARD_STARS, writeSyntheticStars } from "../dashboard/syntheticStars.js";

function capture() {
  const out = { stdout: "", stderr: "" };
  return { out, output: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) } };
}

describe("piaa analyze and piaa plot", () => {
  let root: string;
  const star = DASHBOARD_STARS[0]!;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "piaa-analyze-cli-"));
    await writeSyntheticStars(new FsObjectStore({ root: path.join(root, "bucket") }), [star]);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("--json prints exactly the design §7 shape", async () => {
    const { out, output } = capture();
    await analyzeCommand(output).parseAsync([star.pic, "--bucket", path.join(root, "bucket"), "--json"], { from: "user" });
    const report = JSON.parse(out.stdout);
    expect(Object.keys(report)).toEqual(["pic", "points", "segments", "cdppPpm", "bls", "fit"]);
    expect(Object.keys(report.cdppPpm)).toEqual(["R", "G", "B"]);
    // Design §7's six, then the false-alarm probability and the period aliases (issue 19).
    expect(Object.keys(report.bls)).toEqual(["periodDays", "epochBjd", "durationHours", "depth", "snr", "sde", "falseAlarmProbability", "falseAlarmTrials", "peakPeriodDays", "aliases"]);
    expect(Object.keys(report.fit)).toEqual(["epochBjd", "periodDays", "radiusRatio", "impactParameter", "semiMajorAxisStellarRadii", "baseline", "durationHours", "inclinationDeg", "limbDarkening", "reducedChiSquare", "points"]);
    expect(report).toMatchObject({ pic: star.pic, points: 2 * star.exposures * star.nights, segments: 2 * star.nights });
    // The injected period (syntheticStars.ts), to the BLS grid's resolution.
    expect(Math.abs(report.bls.periodDays - star.transit!.periodDays)).toBeLessThan(0.005);
  });

  it("prints a short report, from the stored analysis the second time", async () => {
    const { out, output } = capture();
    await analyzeCommand(output).parseAsync([star.pic, "--bucket", path.join(root, "bucket")], { from: "user" });
    expect(out.stdout).toMatch(new RegExp(`^${star.pic.replace("+", "\\+")} \\(HD 189733\\): 4608 points in 16 segments from 1 unit \\(PAN000\\)`));
    expect(out.stdout).toMatch(/ANALYSIS\/PIC_J2000437\+224239\.json: up to date for MLC generation \d+/);
    expect(out.stdout).toMatch(/best transit candidate: P = 1\.3\d{4} d.*\(a candidate\)/);
  });

  it("plot writes PNG and SVG of both plots", async () => {
    const { out, output } = capture();
    const dir = path.join(root, "plots");
    await plotCommand(output).parseAsync([star.pic, "--bucket", path.join(root, "bucket"), "--out", dir], { from: "user" });
    const files = (await readdir(dir)).sort();
    expect(files).toEqual(["folded.png", "folded.svg", "lightcurve.png", "lightcurve.svg"].map((f) => `${star.pic}.${f}`));
    expect(out.stdout.trim().split("\n")).toHaveLength(4);
    expect((await readFile(path.join(dir, `${star.pic}.folded.png`))).subarray(1, 4).toString()).toBe("PNG");
    expect(await readFile(path.join(dir, `${star.pic}.folded.svg`), "utf8")).toContain("folded at P = 1.3");
  });
});
