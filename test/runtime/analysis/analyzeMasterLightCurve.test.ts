import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analysisReport, type AnalysisDocument } from "../../../runtime/analysis/analysisDocument.js";
import { analyzeStar, readStarLightCurve } from "../../../runtime/analysis/analysisStore.js";
import { midExposureBjd } from "../../../runtime/analysis/starTime.js";
import { rebuildMasterLightCurve } from "../../../runtime/combiner/rebuildMasterLightCurve.js";
import { analysisName } from "../../../runtime/core/objectNames.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { findStars } from "../../../runtime/core/catalog.js";
import { modelFlux } from "../../../runtime/simulator/lightCurve.js";
import { simulate } from "../../../runtime/simulator/simulate.js";

// HD 189733 b: P = 2.21857567 d (Agol et al. 2010, ApJ 721, 1861), as in the simulator's catalog.
const HD189733B_PERIOD_DAYS = 2.21857567;

describe("analyzeStar on simulator output", () => {
  let root: string;
  let store: FsObjectStore;
  const results = new Map<string, AnalysisDocument>();
  const { stars } = findStars(["hd189733", "pic0326", "pic1632", "vega"]);
  const withoutPlanet = ["pic0326", "pic1632", "vega"];

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "piaa-analysis-"));
    store = new FsObjectStore({ root });
    // Two units over 12 nights split between four fields catch several transits of HD 189733 b
    // (the schedule favours fields with a transit ahead); the three 2016 stars have no planet.
    await simulate({ units: 2, nights: 12, stars: stars.map((s) => s.id), seed: "analysis" }, store);
    for (const star of stars) {
      await rebuildMasterLightCurve(store, star.pic);
      results.set(star.id, (await analyzeStar(store, star.pic)).document);
    }
  }, 120_000);

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("observes at least three transits of HD 189733 b", async () => {
    const star = stars[0]!;
    const { mlc } = await readStarLightCurve(store, star.pic);
    const bjd = midExposureBjd(mlc.points.time, mlc.points.exptime, star);
    const epochs = new Set<number>();
    for (const t of bjd) if (modelFlux(star, t).G < 0.999) epochs.add(Math.round((t - star.planet!.epochBjd) / star.planet!.periodDays));
    expect(epochs.size).toBeGreaterThanOrEqual(3);
  });

  it("recovers the period of HD 189733 b within 0.1 %", () => {
    const bls = results.get("hd189733")!.bls!;
    expect(Math.abs(bls.periodDays - HD189733B_PERIOD_DAYS) / HD189733B_PERIOD_DAYS).toBeLessThan(0.001);
    // Depth (Rp/R*)² = 0.0239 with limb darkening; the box averages over ingress and egress.
    expect(bls.depth).toBeGreaterThan(0.015);
    expect(bls.depth).toBeLessThan(0.03);
    expect(bls.snr).toBeGreaterThan(10);
  });

  it("gives HD 189733 a higher SDE than every star without a planet", () => {
    const planet = results.get("hd189733")!.bls!.sde;
    for (const id of withoutPlanet) expect(planet).toBeGreaterThan(results.get(id)!.bls?.sde ?? 0);
  });

  it("reports noise per channel, points, segments and units", () => {
    const doc = results.get("pic0326")!;
    expect(doc.units).toEqual(["PAN000", "PAN001"]);
    expect(doc.points).toBeGreaterThan(100);
    expect(doc.segments).toBeGreaterThan(1);
    // Per-exposure noise 1 %, 0.6 %, 1.7 % (runtime/simulator/lightCurve.ts): white noise over an
    // hour of 100-s exposures would be σ/√34; flattening runs of 1–4 h removes some of it.
    const { R, G, B } = doc.cdppPpm;
    expect(G!).toBeLessThan(R!);
    expect(R!).toBeLessThan(B!);
    for (const [value, sigma] of [[R!, 0.01], [G!, 0.006], [B!, 0.017]] as const) {
      const white = (sigma / Math.sqrt(34)) * 1e6;
      expect(value).toBeGreaterThan(0.4 * white);
      expect(value).toBeLessThan(1.2 * white);
    }
    expect(Object.keys(analysisReport(doc)).sort()).toEqual(["bls", "cdppPpm", "pic", "points", "segments"]);
  });

  it("stores the analysis keyed by the MLC generation and reuses it until the MLC changes", async () => {
    const pic = stars[1]!.pic;
    const stored = await store.get(analysisName(pic));
    const again = await analyzeStar(store, pic);
    expect(again.cached).toBe(true);
    expect((await store.get(analysisName(pic))).generation).toBe(stored.generation);
    const mlc = await store.stat(`MLC/${pic}.json`);
    expect(again.document.mlcGeneration).toBe(mlc.generation);
    const forced = await analyzeStar(store, pic, { force: true });
    expect(forced.cached).toBe(false);
    expect({ ...forced.document, bls: null }).toEqual({ ...again.document, bls: null });
    expect(forced.document.bls!.periodDays).toBe(again.document.bls!.periodDays);
    expect(forced.document.bls!.sde).toBeCloseTo(again.document.bls!.sde, 9);
  });
});
