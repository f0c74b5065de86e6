/**
 * A postage-stamp cube's header as the 2016 units wrote theirs (test/fixtures/2016-sample): a
 * standard primary header declaring that extensions may follow (SIMPLE = T, EXTEND = T), and a
 * TIMEnnnn (UTC start) and EXPTnnnn (seconds) card for every frame, numbered from 0000.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOG } from "../../../runtime/core/catalog.js";
import type { LightCurvePoint } from "../../../runtime/core/lightCurveSegment.js";
import { postageStampCube } from "../../../runtime/simulator/postageStamp.js";
import { randomStream } from "../../../runtime/simulator/random.js";

/** The header's `KEYWORD = value` cards, values as written (FITS Standard 4.0, §4.1: 80-character cards up to END). */
function headerValues(fits: Buffer): Map<string, string> {
  const cards = fits.toString("latin1", 0, 2880 * 4).match(/.{80}/g)!;
  const end = cards.findIndex((card) => card.startsWith("END "));
  return new Map(cards.slice(0, end).filter((card) => card[8] === "=").map((card) => [card.slice(0, 8).trim(), card.slice(10).split(" /")[0]!.trim()]));
}

/** The 2016 sample cube's header (its data fails fitsverify, its header cards do not). */
const sampleHeader = (): Map<string, string> =>
  headerValues(readFileSync(path.join(import.meta.dirname, "../../fixtures/2016-sample/PSC/PAN000/108715/2016-07-02T09:18:28.837000/PIC_J0326137+295015.fits")));

const points: LightCurvePoint[] = ["2026-08-01T05:00:00.000000", "2026-08-01T05:01:42.250000", "2026-08-01T05:03:25.500000"].map((time) => ({
  time,
  exptime: 100,
  R: 1,
  G: 1,
  B: 1,
  sig_r: 0.01,
  sig_g: 0.006,
  sig_b: 0.017,
}));

/** The header of a simulated three-frame cube, made inside the test calling it. */
function simulatedHeader(): Map<string, string> {
  const star = CATALOG.find((s) => s.id === "hd189733")!;
  const segment = { unit: "PAN001", camera: "123456", star, start: points[0]!.time, timesUnixS: [], exptimeS: 100 };
  return headerValues(postageStampCube(segment, points, randomStream("header-test")));
}

describe("a postage-stamp cube's header", () => {
  it("is a primary header declaring extensions may follow, as the 2016 cubes", () => {
    const header = simulatedHeader();
    const sample = sampleHeader();
    for (const keyword of ["SIMPLE", "EXTEND"]) {
      expect(sample.get(keyword), `2016 ${keyword}`).toBe("T");
      expect(header.get(keyword), keyword).toBe("T");
    }
  });

  it("carries each frame's start and exposure time, as the 2016 cubes", () => {
    const header = simulatedHeader();
    expect(points.map((_, i) => header.get(`TIME${String(i).padStart(4, "0")}`))).toEqual(points.map((p) => `'${p.time}'`));
    expect(points.map((_, i) => Number(header.get(`EXPT${String(i).padStart(4, "0")}`)))).toEqual([100, 100, 100]);
    expect(header.has("TIME0003")).toBe(false);
    const sample = sampleHeader();
    expect(sample.get("TIME0003")).toMatch(/^'2016-07-02T\d\d:\d\d:\d\d\.\d{6}'$/);
    expect(sample.get("EXPT0003")).toBe("100.0");
  });
});
