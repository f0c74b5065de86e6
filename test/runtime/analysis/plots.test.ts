import { describe, expect, it } from "vitest";
import { analyzeLightCurve } from "../../../runtime/analysis/analyzeMasterLightCurve.js";
import { foldedSpec, lightCurveSpec, MAX_BINS_PER_CHANNEL, MAX_RAW_POINTS, renderPlot } from "../../../runtime/analysis/plots.js";
import { DASHBOARD_STARS, syntheticMasterLightCurve } from "../dashboard/syntheticStars.js";

const values = (spec: object) => (spec as { data: { values: { kind: string; channel?: string }[] } }).data.values;

describe("plots", () => {
  const short = analyzeLightCurve(syntheticMasterLightCurve({ ...DASHBOARD_STARS[2]!, nights: 1 }));
  const planet = analyzeLightCurve(syntheticMasterLightCurve(DASHBOARD_STARS[0]!));

  it("draws every kept point of a short light curve with the binned curve, per channel", () => {
    const rows = values(lightCurveSpec("PIC_J1632291+190441", short));
    const kept = (["R", "G", "B"] as const).reduce((sum, c) => sum + short.channels[c].keep.reduce((a, b) => a + b, 0), 0);
    expect(rows.filter((r) => r.kind === "points")).toHaveLength(kept);
    expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(["R", "G", "B"]));
    expect(rows.some((r) => r.kind === "binned")).toBe(true);
  });

  it("draws 10-minute bins instead of points above MAX_RAW_POINTS", () => {
    expect(planet.timeBjd.length).toBeGreaterThan(MAX_RAW_POINTS);
    const points = values(lightCurveSpec("PIC_J2000437+224239", planet)).filter((r) => r.kind === "points");
    expect(points.length).toBeLessThan(planet.timeBjd.length);
  });

  it("widens the bins of a long survey so that each channel draws MAX_BINS_PER_CHANNEL at most", () => {
    const survey = analyzeLightCurve(syntheticMasterLightCurve({ ...DASHBOARD_STARS[2]!, nights: 60, exposures: 288 }));
    const spec = lightCurveSpec("PIC_J1632291+190441", survey);
    const rows = values(spec);
    for (const kind of ["points", "binned"]) {
      for (const channel of ["R", "G", "B"]) expect(rows.filter((r) => r.kind === kind && r.channel === channel).length).toBeLessThanOrEqual(MAX_BINS_PER_CHANNEL);
    }
    // 60 nights of ~8 h in 10-minute bins would be ~2,900 a channel: the title names the wider bins.
    expect((spec as { title: string }).title).toMatch(/\((20|40)-min bins\); black: (30|60)-min bins/);
  });

  it("folds at the candidate with the model over it, and says so when there is none", async () => {
    expect(values(foldedSpec("PIC_J2000437+224239", planet)).filter((r) => r.kind === "model")).toHaveLength(241);
    const none = await renderPlot("folded", "PIC_J1632291+190441", { ...short, candidate: undefined });
    expect(none.svg).toContain("no transit candidate");
    expect(none.png.subarray(1, 4).toString()).toBe("PNG");
  });
});
