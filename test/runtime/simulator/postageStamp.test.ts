import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseLightCurveSegment } from "../../../runtime/core/lightCurveSegment.js";
import { lightCurveName, parseObjectName, type PostageStampName } from "../../../runtime/core/objectNames.js";
import { CATALOG } from "../../../runtime/core/catalog.js";
import { BIAS_ADU, SKY_ADU_PER_100S, bayerChannel, sequenceId } from "../../../runtime/simulator/postageStamp.js";
import { simulatedBucket, type SimulatedBucket } from "./simulatedBucket.js";
import { runPython } from "./systemPython.js";

const FITSVERIFY = "/usr/bin/fitsverify";

interface AstropyCube {
  file: string;
  shape: number[];
  header: Record<string, string | number | boolean>;
  equinoxIsFloat: boolean;
  /** Per frame, per channel: sum over that channel's pixels of (pixel − bias − sky). */
  channelSums: Record<"R" | "G" | "B", number[]>;
}

let bucket: SimulatedBucket;
let cubes: { name: PostageStampName; object: string; file: string }[];

beforeAll(async () => {
  bucket = await simulatedBucket({ units: 2, nights: 1, start: "2026-08-01", seed: "fits", stars: ["hd189733", "vega", "xo1"] });
  cubes = [];
  for await (const { name } of bucket.store.listAll("PSC/")) {
    cubes.push({ name: parseObjectName(name) as PostageStampName, object: name, file: path.join(bucket.dir, name) });
  }
});
afterAll(() => bucket?.remove());

describe("postage-stamp cubes", () => {
  it("are written for every segment", () => {
    expect(cubes.length).toBe(bucket.summary.segments);
    expect(cubes.length).toBeGreaterThanOrEqual(8);
  });

  it("each pass fitsverify with 0 errors and 0 warnings", async () => {
    const { stdout } = await promisify(execFile)(FITSVERIFY, cubes.map((c) => c.file), { maxBuffer: 16 << 20 });
    const verdicts = [...stdout.matchAll(/Verification found (\d+) warning\(s\) and (\d+) error\(s\)/g)];
    expect(verdicts).toHaveLength(cubes.length);
    for (const [, warnings, errors] of verdicts) expect([Number(warnings), Number(errors)]).toEqual([0, 0]);
  });

  it("open in astropy with shape (frames, 16, 12), the 2016 header cards and a numeric EQUINOX", async () => {
    const opened = await runPython<AstropyCube[]>(
      `
from astropy.io import fits
import numpy as np
files, bias, sky, channels = json.load(sys.stdin)
out = []
for f in files:
    with fits.open(f) as hdul:
        h = hdul[0].header
        data = hdul[0].data.astype(np.float64)
        keys = ["SEQID", "FIELD", "RA", "DEC", "EQUINOX", "PICID", "OBSTIME", "XPIXORG", "YPIXORG", "TIME0000", "EXPT0000"]
        keys.append("TIME%04d" % (data.shape[0] - 1))
        sums = {c: [] for c in "RGB"}
        for frame, exptime in zip(data, [h["EXPT%04d" % i] for i in range(data.shape[0])]):
            signal = frame - bias - sky * exptime / 100
            for c in "RGB":
                sums[c].append(float(signal[np.array(channels) == c].sum()))
        out.append({"file": f, "shape": list(data.shape), "header": {k: h[k] for k in keys},
                    "equinoxIsFloat": isinstance(h["EQUINOX"], float), "channelSums": sums})
print(json.dumps(out))
`,
      [cubes.map((c) => c.file), BIAS_ADU, SKY_ADU_PER_100S, Array.from({ length: 16 }, (_, y) => Array.from({ length: 12 }, (_, x) => bayerChannel(x, y)))],
    );
    expect(opened).toHaveLength(cubes.length);
    for (const [i, cube] of opened.entries()) {
      const { name, object } = cubes[i]!;
      const star = CATALOG.find((s) => s.pic === name.pic)!;
      const lcName = lightCurveName({ pic: name.pic, unit: name.unit, camera: name.camera, start: name.start });
      const lc = parseLightCurveSegment(lcName, (await bucket.store.get(lcName)).data);
      const frames = lc.points.length;
      expect(cube.shape, object).toEqual([frames, 16, 12]);
      expect(cube.equinoxIsFloat).toBe(true);
      expect(cube.header).toMatchObject({
        SEQID: sequenceId(name),
        FIELD: star.name,
        EQUINOX: 2000,
        PICID: name.pic,
        OBSTIME: name.start,
        TIME0000: lc.points[0]!.time,
        EXPT0000: 100,
        [`TIME${String(frames - 1).padStart(4, "0")}`]: lc.points[frames - 1]!.time,
      });
      expect(cube.header.SEQID).toMatch(/^PAN\d{3}_\d{6}_\d{8}_\d{6}UT$/);
      expect(cube.header.RA).toBeCloseTo(star.raDeg, 9);
      expect(cube.header.DEC).toBeCloseTo(star.decDeg, 9);
      expect(Number(cube.header.XPIXORG) % 2).toBe(0);

      // The cube carries the LC's fluxes: per channel, photometry / LC value is the same
      // constant in every frame, up to photon noise (for Vega, far below the LC's own noise).
      if (star.id === "vega") {
        for (const channel of ["R", "G", "B"] as const) {
          const ratios = cube.channelSums[channel].map((sum, f) => sum / lc.points[f]![channel]);
          const median = [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)]!;
          const rms = Math.sqrt(ratios.reduce((s, r) => s + (r / median - 1) ** 2, 0) / ratios.length);
          expect(rms, `${object} ${channel}`).toBeLessThan(0.001);
        }
      }
    }
    expect(cubes.some((c) => c.name.pic === CATALOG.find((s) => s.id === "vega")!.pic)).toBe(true);
  });
});
