/**
 * The per-point steps of the analysis at the edges the science tests do not reach: bins narrower
 * than a unit and starting away from zero, a mean of two points, the out-of-transit median
 * outvoted by the transit, clipping at the threshold, and runs given out of time order.
 * Expected values are worked by hand below each case (Bevington & Robinson eq. 4.17–4.19 for
 * the weighted means; lightkurve's estimate_cdpp for CDPP).
 */
import { describe, expect, it } from "vitest";
import { binWeighted, weightedMean } from "../../../runtime/analysis/binning.js";
import { estimateCdppPpm } from "../../../runtime/analysis/cdpp.js";
import { normaliseBySegment } from "../../../runtime/analysis/normalise.js";
import { observingRuns } from "../../../runtime/analysis/observingRuns.js";
import { indicesBySegment } from "../../../runtime/analysis/segmentIndex.js";
import { median, robustScale, sigmaClip } from "../../../runtime/analysis/sigmaClip.js";
import { emptyMasterLightCurve, type MasterLightCurve } from "../../../runtime/core/masterLightCurve.js";

describe("weightedMean", () => {
  it("weights by 1/σ² and has no value or error without points", () => {
    // w = 1, 1/4: (1·1 + 2/4) / 1.25 = 1.2; σ = 1/√1.25.
    const { value, sigma } = weightedMean([1, 2], [1, 2]);
    expect(value).toBeCloseTo(1.2, 12);
    expect(sigma).toBeCloseTo(1 / Math.sqrt(1.25), 12);
    expect(weightedMean([], [])).toEqual({ value: Number.NaN, sigma: Number.NaN });
  });
});

describe("binWeighted", () => {
  it("starts bins at the smallest position, half a unit wide, each weighted by 1/σ²", () => {
    // Origin 10.1: offsets 0, 0.2 → bin 0; 1.1 → bin 2; 2.8 → bin 5. Bin 0: w = 1, 1/4.
    const binned = binWeighted([12.9, 10.1, 11.2, 10.3], [4, 1, 3, 2], [1, 1, 1, 2], 0.5);
    expect(Array.from(binned.count)).toEqual([2, 1, 1]);
    expect(binned.value[0]).toBeCloseTo(1.2, 12);
    expect(binned.position[0]).toBeCloseTo((10.1 + 10.3 / 4) / 1.25, 12);
    expect(binned.sigma[0]).toBeCloseTo(1 / Math.sqrt(1.25), 12);
    expect(Array.from(binned.position.slice(1))).toEqual([11.2, 12.9]);
    expect(Array.from(binned.value.slice(1))).toEqual([3, 4]);
  });

  it("starts at the smallest kept position, and is empty when nothing is kept; one point makes one bin", () => {
    // Without the excluded 0, bins start at 0.9: 0.9 and 1.2 share bin 0.
    const binned = binWeighted([0, 0.9, 1.2], [5, 1, 3], [1, 1, 1], 1, [0, 1, 1]);
    expect(Array.from(binned.count)).toEqual([2]);
    expect(binned.value[0]).toBeCloseTo(2, 12);
    const none = binWeighted([1, 2], [1, 1], [1, 1], 1, [0, 0]);
    expect([none.position.length, none.value.length, none.sigma.length, none.count.length]).toEqual([0, 0, 0, 0]);
    expect(Array.from(binWeighted([7], [3], [0.5], 1).value)).toEqual([3]);
  });

  it("bins negative positions (phases before mid-transit) from the most negative one", () => {
    // Origin −2: offsets 0, 0.5, 2.5 → bins 0, 0, 2.
    expect(Array.from(binWeighted([-2, -1.5, 0.5], [1, 3, 5], [1, 1, 1], 1).count)).toEqual([2, 1]);
  });
});

describe("median and robustScale", () => {
  it("takes the middle of an odd count, the mean of the two middles of an even one, NaN of none", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it("uses only the kept values, and has no scale when none is kept", () => {
    // Kept 1, 2, 4: median 2, deviations 1, 0, 2 → MAD 1.
    expect(robustScale([1, 100, 2, 4], [1, 0, 1, 1])).toEqual({ median: 2, sigma: 1.4826 });
    expect(robustScale([1, 2], [0, 0])).toEqual({ median: Number.NaN, sigma: Number.NaN });
    expect(robustScale([1, 4, 2])).toEqual({ median: 2, sigma: 1.4826 });
  });
});

describe("sigmaClip", () => {
  // Median 0 and MAD 1 with or without the tenth point: the threshold is 5σ = 5 × 1.4826.
  const base = [-1, 1, -1, 1, 0, -1, 1, 0, 0];
  const threshold = 5 * 1.4826;
  const kept = base.map(() => 1);

  it("keeps a point exactly at the threshold and clips one just beyond, on the side asked", () => {
    expect(Array.from(sigmaClip([...base, threshold]))).toEqual([...kept, 1]);
    expect(Array.from(sigmaClip([...base, threshold + 0.001]))).toEqual([...kept, 0]);
    expect(Array.from(sigmaClip([...base, -threshold], { lower: true }))).toEqual([...kept, 1]);
    expect(Array.from(sigmaClip([...base, -threshold - 0.001], { lower: true, upper: false }))).toEqual([...kept, 0]);
    expect(Array.from(sigmaClip([...base, threshold + 0.001], { upper: false }))).toEqual([...kept, 1]);
  });

  it("re-estimates on the kept points for as many passes as asked, and goes on while a pass clips something", () => {
    // Pass 1: median 13, MAD 11 → clips above 94.5 (the 100s). Pass 2: median 3, MAD 2 → above 17.8 (20).
    // Pass 3: median 2.5, MAD 1 → above 9.9 (13). Pass 4 clips nothing.
    const values = [1, 2, 3, 13, 20, 100, 100];
    expect(Array.from(sigmaClip(values, { iterations: 0 }))).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(Array.from(sigmaClip(values, { iterations: 1 }))).toEqual([1, 1, 1, 1, 1, 0, 0]);
    expect(Array.from(sigmaClip(values, { iterations: 2 }))).toEqual([1, 1, 1, 1, 0, 0, 0]);
    expect(Array.from(sigmaClip(values))).toEqual([1, 1, 1, 0, 0, 0, 0]);
    // A series of MAD 0 (σ = 0) cannot be clipped: it is kept whole; non-finite and initially dropped points stay out.
    expect(Array.from(sigmaClip([5, 5, 5, 5, 6]))).toEqual([1, 1, 1, 1, 1]);
    expect(Array.from(sigmaClip([1, Number.NaN, 1], {}, [1, 1, 0]))).toEqual([1, 0, 0]);
  });
});

describe("estimateCdppPpm", () => {
  it("is the spread of the running means from the first full window on, and defined with two of them", () => {
    // Windows of 2 over 1, 1.001, 0.999: means 1.0005 and 1.0, std (ddof 0) 0.00025 → 250 ppm.
    expect(estimateCdppPpm([1, 1.001, 0.999], [0, 0, 0], 1, { durationCadences: 2 })).toBeCloseTo(250, 6);
    expect(estimateCdppPpm([1, 1.001], [0, 0], 1, { durationCadences: 2 })).toBeUndefined();
  });
});

describe("normaliseBySegment", () => {
  it("divides by the median of the usable points even when the unusable ones are the majority", () => {
    const values = [1, 1, 0.9, 0.9, 0.9, 0.9, 0.9];
    expect(normaliseBySegment(values, values, [0, 0, 0, 0, 0, 0, 0], 1, [1, 1, 0, 0, 0, 0, 0]).medians[0]).toBe(1);
  });
});

describe("indicesBySegment", () => {
  it("refuses a segment number equal to the count, and a negative one", () => {
    expect(() => indicesBySegment([0, 2], 2)).toThrow("point 1 refers to segment 2, but there are 2");
    expect(() => indicesBySegment([-1], 2)).toThrow("point 0 refers to segment -1, but there are 2");
    expect(indicesBySegment([1, 0, 1], 2).map((list) => Array.from(list))).toEqual([[1], [0, 2]]);
  });
});

describe("observingRuns", () => {
  /** An MLC of (camera, point times) segments, listed in the given order (not time order). */
  function mlcOf(segments: [string, number[]][]): MasterLightCurve {
    const mlc = emptyMasterLightCurve("PIC_J0326137+295015");
    const points: [number, number][] = [];
    segments.forEach(([camera, times], index) => {
      mlc.segments.push({ object: `LC/x/${index}`, generation: "1", unit: "PAN000", camera, start: "", points: times.length, median: { R: 1, G: 1, B: 1 } });
      for (const t of times) points.push([t, index]);
    });
    points.sort((a, b) => a[0] - b[0]);
    mlc.points.time = points.map((p) => p[0]);
    mlc.points.segment = points.map((p) => p[1]);
    return mlc;
  }

  it("numbers runs from 0 by camera then time, whatever order the segments are listed in, one-point and empty segments included", () => {
    const mlc = mlcOf([
      ["108716", [100, 3600]], // camera 108716's only run
      ["108715", [3660, 7200]], // continues the next one (60 s gap)
      ["108715", [0, 3600]], // camera 108715's first run starts here
      ["108715", [20_000]], // one point, hours later: a run of its own
      ["108715", []], // no points: no run
    ]);
    const { run, count } = observingRuns(mlc);
    expect(count).toBe(3);
    const runOf = (s: number) => run[mlc.points.segment.indexOf(s)];
    expect([runOf(2), runOf(1), runOf(3), runOf(0)]).toEqual([0, 0, 1, 2]);
    expect(Math.max(...run)).toBe(count - 1);
  });
});
