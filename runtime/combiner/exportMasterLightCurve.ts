/**
 * `piaa export`: an MLC back in the 2016 flat form — a JSON array of point objects
 * `{time, exptime, R, G, B, sig_r, sig_g, sig_b}` with PANOPTES time strings — or as the table
 * astronomers read (lightCurveTable.ts) in CSV, ECSV or FITS. Times are rebuilt to the
 * microsecond from the stored Unix seconds (a double near 1.5e9 s resolves 0.24 µs, see
 * core/time.ts); every other value is the raw value as uploaded.
 */
import type { MasterLightCurve } from "../core/masterLightCurve.js";
import { unixSecondsToIso } from "../core/time.js";
import { formatCsv } from "./csvExport.js";
import { formatEcsv } from "./ecsvExport.js";
import { formatFits } from "./fitsExport.js";
import { lightCurveTable } from "./lightCurveTable.js";

export const EXPORT_FORMATS = ["flat", "csv", "ecsv", "fits"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** The formats the dashboard offers for download, and their media types (FITS: RFC 4047). */
export const DOWNLOAD_FORMATS = ["ecsv", "fits"] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];
export const DOWNLOAD_MEDIA_TYPES: Record<DownloadFormat, string> = { ecsv: "text/plain; charset=utf-8", fits: "application/fits" };
/** The formats that can carry the analysis' detrended columns. */
export const DETRENDED_FORMATS: readonly ExportFormat[] = ["csv", "ecsv", "fits"];

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

export interface ExportOptions {
  /** Generation of the MLC document, written into the metadata of tables. */
  mlcGeneration: string;
  /** Add the analysis' detrended flux and in-transit mask (not for the flat form). */
  detrended?: boolean;
}

/** The bytes of an export: text ending in a newline, or a FITS file. */
export function formatExport(mlc: MasterLightCurve, format: ExportFormat, options: ExportOptions): string | Buffer {
  if (format === "flat") {
    if (options.detrended) throw new RangeError("the flat form has no detrended columns");
    return `${JSON.stringify(flatPoints(mlc))}\n`;
  }
  const table = lightCurveTable(mlc, options.mlcGeneration, { detrended: options.detrended });
  if (format === "csv") return formatCsv(table);
  if (format === "ecsv") return formatEcsv(table);
  return formatFits(table);
}
