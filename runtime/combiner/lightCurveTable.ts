/**
 * A master light curve as the table astronomers read (ECSV, FITS and CSV exports): one row per
 * point with its BJD_TDB mid-exposure time (the analysis' own times, analysis/starTime.ts), the
 * raw values as uploaded, where each point came from, and, on request, the analysis' normalised
 * detrended flux and the best candidate's in-transit mask; plus what a reader needs to know
 * about the star and the times.
 */
import { analyzeLightCurve, CHANNELS } from "../analysis/analyzeMasterLightCurve.js";
import { MID_EXPOSURE_BJD_ACCURACY_S, MID_EXPOSURE_BJD_METHOD, midExposureBjd, picPosition } from "../analysis/starTime.js";
import { inTransitMask } from "../analysis/transitStatistics.js";
import type { MasterLightCurve } from "../core/masterLightCurve.js";
import { unixSecondsToIso } from "../core/time.js";
import { CATALOG } from "../core/catalog.js";

export type TableColumn = { name: string; description: string } & (
  | { kind: "float64"; unit?: string; values: ArrayLike<number> }
  /** 1 = true, 0 = false. */
  | { kind: "bool"; values: ArrayLike<number> }
  | { kind: "string"; values: readonly string[] }
);

/** The best transit candidate of the analysis, in the time scale of the table. */
export interface TableCandidate {
  periodDays: number;
  epochBjdTdb: number;
  durationHours: number;
  depth: number;
  snr: number;
}

export interface LightCurveMeta {
  pic: string;
  /** Catalog name of the star, or the PIC id when the catalog does not know it. */
  objectName: string;
  raDeg: number;
  decDeg: number;
  coordinatesFrom: string;
  mlcGeneration: string;
  mlcUpdated: string;
  timeMethod: string;
  timeAccuracyS: number;
  /** Present on detrended tables: the candidate, or null when the search found none. */
  candidate?: TableCandidate | null;
}

export interface LightCurveTable {
  meta: LightCurveMeta;
  /** BJD_TDB of each mid-exposure, days: the table's `time` column. */
  timeBjdTdb: Float64Array;
  /** The other columns, in the order written. */
  columns: TableColumn[];
}

const channelName = (channel: string) => channel.toLowerCase();
const SIGMA = { R: "sig_r", G: "sig_g", B: "sig_b" } as const;

function starMeta(pic: string): Pick<LightCurveMeta, "objectName" | "raDeg" | "decDeg" | "coordinatesFrom"> {
  const star = CATALOG.find((s) => s.pic === pic);
  if (star) return { objectName: star.name, raDeg: star.raDeg, decDeg: star.decDeg, coordinatesFrom: "the PIAA star catalog" };
  const { raDeg, decDeg } = picPosition(pic);
  return { objectName: pic, raDeg, decDeg, coordinatesFrom: "the PIC id, truncated to about 1 arcsec" };
}

function rawColumns(mlc: MasterLightCurve): TableColumn[] {
  const p = mlc.points;
  const segmentOf = (i: number) => mlc.segments[p.segment[i]!]!;
  const perPoint = (value: (i: number) => string) => Array.from({ length: p.time.length }, (_, i) => value(i));
  return [
    ...CHANNELS.map((c): TableColumn => ({ name: `flux_${channelName(c)}`, kind: "float64", values: p[c], description: `relative flux, ${c} channel, as uploaded` })),
    ...CHANNELS.map((c): TableColumn => ({ name: `flux_err_${channelName(c)}`, kind: "float64", values: p[SIGMA[c]], description: `1-sigma error of flux_${channelName(c)}` })),
    { name: "exptime", kind: "float64", unit: "s", values: p.exptime, description: "exposure time" },
    { name: "unit", kind: "string", values: perPoint((i) => segmentOf(i).unit), description: "PANOPTES unit" },
    { name: "camera", kind: "string", values: perPoint((i) => segmentOf(i).camera), description: "camera id (two per unit)" },
    { name: "segment", kind: "string", values: perPoint((i) => segmentOf(i).object), description: "light-curve segment object the point came from" },
    { name: "time_utc", kind: "string", values: p.time.map(unixSecondsToIso), description: "UTC start of exposure as uploaded (ISO-8601, no zone)" },
  ];
}

function detrendedColumns(mlc: MasterLightCurve): { columns: TableColumn[]; candidate: TableCandidate | null } {
  const analysis = analyzeLightCurve(mlc);
  const columns = CHANNELS.flatMap((c): TableColumn[] => [
    { name: `flux_detrended_${channelName(c)}`, kind: "float64", values: analysis.channels[c].flux, description: `${c} flux normalised per segment and detrended (analysis)` },
    { name: `flux_detrended_err_${channelName(c)}`, kind: "float64", values: analysis.channels[c].sigma, description: `1-sigma error of flux_detrended_${channelName(c)}` },
  ]);
  const c = analysis.candidate;
  const mask = c ? inTransitMask(analysis.timeBjd, c) : new Uint8Array(analysis.timeBjd.length);
  columns.push({ name: "in_transit", kind: "bool", values: mask, description: "inside a transit of the best candidate (all false without one)" });
  const candidate = c ? { periodDays: c.periodDays, epochBjdTdb: c.epoch, durationHours: c.durationDays * 24, depth: c.depth, snr: c.snr } : null;
  return { columns, candidate };
}

/** The table of an MLC at a generation; `detrended` runs the analysis to add its columns. */
export function lightCurveTable(mlc: MasterLightCurve, mlcGeneration: string, options: { detrended?: boolean } = {}): LightCurveTable {
  const timeBjdTdb = midExposureBjd(mlc.points.time, mlc.points.exptime, picPosition(mlc.pic));
  const meta: LightCurveMeta = {
    pic: mlc.pic,
    ...starMeta(mlc.pic),
    mlcGeneration,
    mlcUpdated: mlc.updated,
    timeMethod: MID_EXPOSURE_BJD_METHOD,
    timeAccuracyS: MID_EXPOSURE_BJD_ACCURACY_S,
  };
  const columns = rawColumns(mlc);
  if (!options.detrended) return { meta, timeBjdTdb, columns };
  const detrended = detrendedColumns(mlc);
  return { meta: { ...meta, candidate: detrended.candidate }, timeBjdTdb, columns: [...columns, ...detrended.columns] };
}
