import { describe, expect, it } from "vitest";
import { analyzeLightCurve } from "../../../runtime/analysis/analyzeMasterLightCurve.js";
import { foldedSpec, lightCurveSpec, MAX_RAW_POINTS, renderPlot } from "../../../runtime/analysis/plots.js";
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

  it("folds at the candidate with the model over it, and says so when there is none", async () => {
    expect(values(foldedSpec("PIC_J2000437+224239", planet)).filter((r) => r.kind === "model")).toHaveLength(241);
    const none = await renderPlot("folded", "PIC_J1632291+190441", { ...short, candidate: undefined });
    expect(none.svg).toContain("no transit candidate");
    expect(none.png.subarray(1, 4).toString()).toBe("PNG");
  });
});
