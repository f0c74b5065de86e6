/**
 * `piaa export`: an MLC back in the 2016 flat form — a JSON array of point objects
 * `{time, exptime, R, G, B, sig_r, sig_g, sig_b}` with PANOPTES time strings — or as CSV with a
 * header. Times are rebuilt to the microsecond from the stored Unix seconds (a double near 1.5e9 s
 * resolves 0.24 µs, see core/time.ts); every other value is the raw value as uploaded.
 */
import type { MasterLightCurve } from "../core/masterLightCurve.js";
import { unixSecondsToIso } from "../core/time.js";

export const EXPORT_FORMATS = ["flat", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The 2016 point fields, in the order written. */
export const FLAT_FIELDS = ["time", "exptime", "R", "G", "B", "sig_r", "sig_g", "sig_b"] as const;

export interface FlatPoint {
  time: string;
  exptime: number;
  R: number;
  G: number;
  B: number;
  sig_r: number;
  sig_g: number;
  sig_b: number;
}

export function flatPoints(mlc: MasterLightCurve): FlatPoint[] {
  const p = mlc.points;
  return p.time.map((t, i) => ({
    time: unixSecondsToIso(t),
    exptime: p.exptime[i]!,
    R: p.R[i]!,
    G: p.G[i]!,
    B: p.B[i]!,
    sig_r: p.sig_r[i]!,
    sig_g: p.sig_g[i]!,
    sig_b: p.sig_b[i]!,
  }));
}

/** The document text of an export, ending in a newline. */
export function formatExport(mlc: MasterLightCurve, format: ExportFormat): string {
  const points = flatPoints(mlc);
  if (format === "flat") return `${JSON.stringify(points)}\n`;
  // Numbers print in their shortest round-trip form; times contain no comma or quote.
  const rows = points.map((point) => FLAT_FIELDS.map((field) => String(point[field])).join(","));
  return `${[FLAT_FIELDS.join(","), ...rows].join("\n")}\n`;
}
