/**
 * The ECSV and FITS exports read back by astropy, an independent implementation: every point
 * against the flat export, the detrended columns against the analysis, and the BJD_TDB times
 * against astropy's own barycentric correction (Time.light_travel_time) at each unit's site,
 * within the accuracy the files state.
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeLightCurve, CHANNELS, type LightCurveAnalysis } from "../../../runtime/analysis/analyzeMasterLightCurve.js";
import { inTransitMask } from "../../../runtime/analysis/transitStatistics.js";
import { exportCommand } from "../../../runtime/combiner/exportCommand.js";
import type { FlatPoint } from "../../../runtime/combiner/exportMasterLightCurve.js";
import { rebuildMasterLightCurve } from "../../../runtime/combiner/rebuildMasterLightCurve.js";
import { loadMasterLightCurve } from "../../../runtime/core/loadMasterLightCurve.js";
import type { MasterLightCurve } from "../../../runtime/core/masterLightCurve.js";
import { CATALOG } from "../../../runtime/core/catalog.js";
import { siteOfUnit } from "../../../runtime/simulator/network.js";
import { runCommand } from "../../piaaCli.js";
import { simulatedBucket, type SimulatedBucket } from "../simulator/simulatedBucket.js";
import { runPython, SYSTEM_PYTHON } from "../simulator/systemPython.js";

const README = path.resolve(__dirname, "../../../README.md");
const STAR = CATALOG.find((s) => s.id === "hd189733")!;
const FITSVERIFY = "/usr/bin/fitsverify";
/** astropy takes seconds to import, many more on a loaded machine. */
const PYTHON_TEST_MS = 120_000;
/** Points whose times are checked against astropy's barycentric correction. */
const SAMPLED_POINTS = 40;

/** What astropy read from one file: every column as a list, the units, the metadata. */
interface AstropyTable {
  timeClass: string;
  scale: string;
  format: string;
  /** time.jd1 + time.jd2 in days. */
  time: number[];
  columns: Record<string, (number | string | boolean)[]>;
  units: Record<string, string | null>;
  meta: Record<string, unknown>;
}

const READ_TABLES = `
from astropy.timeseries import TimeSeries
from astropy.table import Table
from astropy.io import fits
import numpy as np
out = {}
for label, path in json.load(sys.stdin).items():
    if path.endswith(".ecsv"):
        t = TimeSeries.read(path, format="ascii.ecsv")
        meta = dict(t.meta)
    else:
        t = Table.read(path, astropy_native=True)
        # Table.read consumes the time keywords: take the header as written.
        meta = {k: v for k, v in fits.getheader(path, 1).items() if k not in ("COMMENT", "HISTORY", "")}
        meta["primary"] = {k: v for k, v in fits.getheader(path, 0).items() if k not in ("COMMENT", "HISTORY", "")}
    time = t["time"]
    out[label] = {
        "timeClass": type(time).__name__, "scale": time.scale, "format": time.format,
        "time": [float(a) + float(b) for a, b in zip(time.jd1, time.jd2)],
        "columns": {n: np.char.decode(t[n]).tolist() if t[n].dtype.kind == "S" else np.asarray(getattr(t[n], "value", t[n])).tolist()
                    for n in t.colnames if n != "time"},
        "units": {n: (None if t[n].unit is None else str(t[n].unit)) for n in t.colnames if n != "time"},
        "meta": meta,
    }
print(json.dumps(out))
`;

/** Astropy's BJD_TDB at mid-exposure for the sampled points, at the geocentre and at each point's site. */
const ASTROPY_BJD = `
from astropy.time import Time, TimeDelta
from astropy.coordinates import SkyCoord, EarthLocation
import astropy.units as u
case = json.load(sys.stdin)
star = SkyCoord(case["ra"] * u.deg, case["dec"] * u.deg)
out = {"geocentre": [], "site": []}
for p in case["points"]:
    for key, location in (
        ("geocentre", EarthLocation.from_geocentric(0, 0, 0, unit=u.m)),
        ("site", EarthLocation.from_geodetic(p["lon"] * u.deg, p["lat"] * u.deg, p["height"] * u.m)),
    ):
        mid = Time(p["utc"], format="isot", scale="utc", location=location) + TimeDelta(p["exptime"] / 2, format="sec")
        bjd = mid.tdb + mid.light_travel_time(star, kind="barycentric", ephemeris="builtin")
        out[key].append([bjd.jd1, bjd.jd2])
print(json.dumps(out))
`;

let bucket: SimulatedBucket;
let mlc: MasterLightCurve;
let flat: FlatPoint[];
let analysis: LightCurveAnalysis;
let read: Record<"ecsv" | "fits" | "ecsvDetrended" | "fitsDetrended", AstropyTable>;
let files: Record<keyof typeof read | "csv", string>;

async function exportTo(file: string, ...args: string[]): Promise<void> {
  const result = await runCommand(exportCommand, STAR.pic, "--bucket", bucket.dir, "--out", file, ...args);
  if (result.error) throw result.error;
}

beforeAll(async () => {
  bucket = await simulatedBucket({ units: 2, nights: 3, start: "2026-08-01", seed: "s18", stars: [STAR.id] });
  await rebuildMasterLightCurve(bucket.store, STAR.pic);
  mlc = (await loadMasterLightCurve(bucket.store, STAR.pic)).mlc;
  analysis = analyzeLightCurve(mlc);
  const at = (name: string) => path.join(bucket.dir, name);
  files = { csv: at("lc.csv"), ecsv: at("lc.ecsv"), fits: at("lc.fits"), ecsvDetrended: at("lcd.ecsv"), fitsDetrended: at("lcd.fits") };
  await exportTo(at("flat.json"), "--format", "flat");
  await exportTo(files.csv, "--format", "csv");
  await exportTo(files.ecsv, "--format", "ecsv");
  await exportTo(files.fits, "--format", "fits");
  await exportTo(files.ecsvDetrended, "--format", "ecsv", "--detrended");
  await exportTo(files.fitsDetrended, "--format", "fits", "--detrended");
  flat = JSON.parse(await readFile(at("flat.json"), "utf8")) as FlatPoint[];
  const { csv: _csv, ...tables } = files;
  read = await runPython(READ_TABLES, tables);
}, 2 * PYTHON_TEST_MS);
afterAll(() => bucket?.remove());

describe("ECSV and FITS exports read by astropy", () => {
  it("have a real light curve to check: two units, both cameras, a transit candidate", () => {
    expect(flat.length).toBeGreaterThan(1000);
    expect(new Set(mlc.segments.map((s) => s.unit)).size).toBe(2);
    expect(new Set(mlc.segments.map((s) => s.camera)).size).toBe(4);
    expect(analysis.candidate).toBeDefined();
  });

  it("FITS passes fitsverify with 0 warnings and 0 errors", async () => {
    const { stdout } = await promisify(execFile)(FITSVERIFY, [files.fits, files.fitsDetrended], { maxBuffer: 16 << 20 });
    const verdicts = [...stdout.matchAll(/Verification found (\d+) warning\(s\) and (\d+) error\(s\)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(verdicts).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });

  it.each(["ecsv", "fits", "ecsvDetrended", "fitsDetrended"] as const)("%s: time is an astropy Time in TDB, format jd, and every point matches the flat export", (label) => {
    const table = read[label];
    expect([table.timeClass, table.scale, table.format]).toEqual(["Time", "tdb", "jd"]);
    expect(table.units).toMatchObject({ exptime: "s", flux_r: null, flux_err_b: null });
    const c = table.columns;
    expect(c.time_utc).toEqual(flat.map((p) => p.time));
    expect(c.flux_r).toEqual(flat.map((p) => p.R));
    expect(c.flux_g).toEqual(flat.map((p) => p.G));
    expect(c.flux_b).toEqual(flat.map((p) => p.B));
    expect(c.flux_err_r).toEqual(flat.map((p) => p.sig_r));
    expect(c.flux_err_g).toEqual(flat.map((p) => p.sig_g));
    expect(c.flux_err_b).toEqual(flat.map((p) => p.sig_b));
    expect(c.exptime).toEqual(flat.map((p) => p.exptime));
    const segmentOf = (i: number) => mlc.segments[mlc.points.segment[i]!]!;
    expect(c.unit).toEqual(flat.map((_, i) => segmentOf(i).unit));
    expect(c.camera).toEqual(flat.map((_, i) => segmentOf(i).camera));
    expect(c.segment).toEqual(flat.map((_, i) => segmentOf(i).object));
    // The analysis' own times, to 0.1 ms (one ulp of a double near 2.46e6 d is 40 µs).
    table.time.forEach((t, i) => expect(Math.abs(t - analysis.timeBjd[i]!) * 86_400).toBeLessThan(1e-4));
  });

  it("CSV: astropy reads it past the commented header, every point as written in the flat export", async () => {
    const rows = await runPython<Record<string, string[]>>(
      `
from astropy.io import ascii
from astropy.table import Table
t = Table.read(json.load(sys.stdin), format="ascii.csv", comment="#", converters={"*": [ascii.convert_numpy(str)]})
print(json.dumps({n: list(t[n]) for n in t.colnames}))
`,
      files.csv,
    );
    const segmentOf = (i: number) => mlc.segments[mlc.points.segment[i]!]!;
    expect(rows).toEqual({
      bjd_tdb: Array.from(analysis.timeBjd, String),
      flux_r: flat.map((p) => String(p.R)),
      flux_g: flat.map((p) => String(p.G)),
      flux_b: flat.map((p) => String(p.B)),
      flux_err_r: flat.map((p) => String(p.sig_r)),
      flux_err_g: flat.map((p) => String(p.sig_g)),
      flux_err_b: flat.map((p) => String(p.sig_b)),
      exptime: flat.map((p) => String(p.exptime)),
      unit: flat.map((_, i) => segmentOf(i).unit),
      camera: flat.map((_, i) => segmentOf(i).camera),
      segment: flat.map((_, i) => segmentOf(i).object),
      time_utc: flat.map((p) => p.time),
    });
  }, PYTHON_TEST_MS);

  it("state the star, the MLC generation and the time conversion with its accuracy", async () => {
    const { generation } = await loadMasterLightCurve(bucket.store, STAR.pic);
    expect(read.ecsv.meta).toMatchObject({
      pic: STAR.pic,
      object: "HD 189733",
      ra_deg: STAR.raDeg,
      dec_deg: STAR.decDeg,
      mlc_generation: generation,
      time_scale: "tdb",
      time_accuracy_s: 0.04,
    });
    expect(read.ecsv.meta.time_conversion).toMatch(/geocentre/);
    expect(read.fits.meta).toMatchObject({
      OBJECT: "HD 189733",
      PICID: STAR.pic,
      RA_OBJ: STAR.raDeg,
      DEC_OBJ: STAR.decDeg,
      MLCGEN: generation,
      TIMESYS: "TDB",
      TIMEREF: "SOLARSYSTEM",
      TREFPOS: "BARYCENTER",
      TIMEUNIT: "d",
      JDREF: 0,
      TIMEPIXR: 0.5,
      TTYPE1: "time",
      TUNIT1: "d",
      primary: { OBJECT: "HD 189733", RA_OBJ: STAR.raDeg, DEC_OBJ: STAR.decDeg },
    });
    expect(Number(read.fits.meta.TIERABSO) * 86_400).toBeCloseTo(0.04, 12);
  });

  it("detrended: the analysis' normalised detrended flux per channel and the best candidate's in-transit mask", () => {
    const candidate = analysis.candidate!;
    const mask = Array.from(inTransitMask(analysis.timeBjd, candidate), Boolean);
    expect(mask.some(Boolean)).toBe(true);
    for (const table of [read.ecsvDetrended, read.fitsDetrended]) {
      for (const channel of CHANNELS) {
        const name = channel.toLowerCase();
        expect(table.columns[`flux_detrended_${name}`]).toEqual(Array.from(analysis.channels[channel].flux));
        expect(table.columns[`flux_detrended_err_${name}`]).toEqual(Array.from(analysis.channels[channel].sigma));
      }
      expect(table.columns.in_transit).toEqual(mask);
    }
    expect(read.ecsvDetrended.meta.best_candidate).toEqual({
      period_days: candidate.periodDays,
      epoch_bjd_tdb: candidate.epoch,
      duration_hours: candidate.durationDays * 24,
      depth: candidate.depth,
      snr: candidate.snr,
    });
    expect(read.fitsDetrended.meta).toMatchObject({ BLS_PER: candidate.periodDays, BLS_T0: candidate.epoch, BLS_DEP: candidate.depth });
    expect(read.ecsv.columns.in_transit).toBeUndefined();
  });

  it("BJD_TDB agrees with astropy's barycentric correction at the geocentre and at each unit's site, within the stated accuracy", async () => {
    const step = Math.floor(flat.length / SAMPLED_POINTS);
    const sample = Array.from({ length: SAMPLED_POINTS }, (_, k) => k * step);
    const points = sample.map((i) => {
      const site = siteOfUnit(read.ecsv.columns.unit![i] as string);
      return { utc: flat[i]!.time, exptime: flat[i]!.exptime, lon: site.longitudeDeg, lat: site.latitudeDeg, height: site.elevationM };
    });
    const astropy = await runPython<Record<"geocentre" | "site", [number, number][]>>(ASTROPY_BJD, { ra: STAR.raDeg, dec: STAR.decDeg, points });
    const accuracyS = read.ecsv.meta.time_accuracy_s as number;
    for (const label of ["ecsv", "fits"] as const) {
      for (const where of ["geocentre", "site"] as const) {
        const errorsS = sample.map((i, k) => {
          const [jd1, jd2] = astropy[where][k]!;
          return Math.abs((read[label].time[i]! - jd1 - jd2) * 86_400);
        });
        expect(Math.max(...errorsS), `${label} at the ${where}`).toBeLessThan(accuracyS);
      }
    }
  }, PYTHON_TEST_MS);

  it("README: the 'Use the data in Python' snippet runs on a detrended export, without warnings", async () => {
    const readme = await readFile(README, "utf8");
    const section = readme.slice(readme.indexOf("## Use the data in Python"));
    const snippet = /```python\n([\s\S]*?)```/.exec(section)![1]!;
    expect(snippet).toContain('TimeSeries.read("hd189733.ecsv", format="ascii.ecsv")');
    const script = snippet.replace('"hd189733.ecsv"', JSON.stringify(files.ecsvDetrended));
    const { stdout, stderr } = await promisify(execFile)(SYSTEM_PYTHON, ["-c", script], { timeout: 60_000 });
    expect(stderr).toBe("");
    const candidate = analysis.candidate!;
    expect(stdout).toMatch(new RegExp(`^P = ${candidate.periodDays.toFixed(5)} d, depth \\(G\\) = 0\\.0\\d{3}\n$`));
  }, PYTHON_TEST_MS);
});
