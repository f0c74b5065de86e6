/**
 * A star's light curve as a download (ECSV or FITS: the bytes `piaa export` writes), built and
 * sent in slices with the event loop free between them. Formatting a 100,000-point MLC costs
 * seconds of CPU; in one go it would hold up every other request of the process, the proxy's
 * push path among them. Each slice is a few milliseconds of work; the answer is streamed
 * (chunked), waiting for the client to take the bytes before formatting more.
 */
import { once } from "node:events";
import type { Response } from "express";
import { ecsvParts } from "../combiner/ecsvExport.js";
import { DOWNLOAD_MEDIA_TYPES, type DownloadFormat } from "../combiner/exportMasterLightCurve.js";
import { fitsParts } from "../combiner/fitsExport.js";
import { lightCurveTable, type LightCurveTable, type TableColumn } from "../combiner/lightCurveTable.js";
import { loadMasterLightCurve } from "../core/loadMasterLightCurve.js";
import { POINT_COLUMNS, type MasterLightCurve, type MlcPoints } from "../core/masterLightCurve.js";
import type { ObjectStore } from "../core/store/objectStore.js";

/** Points (rows) per slice: about 5 ms of work each on the development machine. */
export const POINTS_PER_SLICE = 1000;

/** Lets every callback that is due run before the next slice. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function sliceOf(mlc: MasterLightCurve, from: number, to: number): MasterLightCurve {
  const points = Object.fromEntries(POINT_COLUMNS.map((column) => [column, mlc.points[column].slice(from, to)])) as unknown as MlcPoints;
  return { ...mlc, points };
}

function joinNumbers(parts: ArrayLike<number>[]): Float64Array {
  const joined = new Float64Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return joined;
}

/** lightCurveTable(mlc) built a slice of points at a time (each row depends on its point alone). */
export async function lightCurveTableInSlices(mlc: MasterLightCurve, generation: string): Promise<LightCurveTable> {
  const parts: LightCurveTable[] = [];
  const n = mlc.points.time.length;
  for (let from = 0; from < n || parts.length === 0; from += POINTS_PER_SLICE) {
    parts.push(lightCurveTable(sliceOf(mlc, from, Math.min(n, from + POINTS_PER_SLICE)), generation));
    await nextTurn();
  }
  const joined = (column: TableColumn, c: number): TableColumn =>
    column.kind === "string"
      ? { ...column, values: parts.flatMap((part) => part.columns[c]!.values as readonly string[]) }
      : { ...column, values: joinNumbers(parts.map((part) => part.columns[c]!.values as ArrayLike<number>)) };
  const columns: TableColumn[] = [];
  for (const [c, column] of parts[0]!.columns.entries()) {
    columns.push(joined(column, c));
    await nextTurn();
  }
  return { meta: parts[0]!.meta, timeBjdTdb: joinNumbers(parts.map((part) => part.timeBjdTdb)), columns };
}

/** Writes the download; NotFoundError (before anything is sent) when the star has no MLC. */
export async function sendLightCurveDownload(res: Response, store: ObjectStore, pic: string, format: DownloadFormat): Promise<void> {
  // One chunk read at a time: decodes that finish together would run in one turn of the loop.
  const { mlc, generation } = await loadMasterLightCurve(store, pic, { concurrency: 1, nextTurn });
  const table = await lightCurveTableInSlices(mlc, generation);
  res.set({ "Content-Type": DOWNLOAD_MEDIA_TYPES[format], "Content-Disposition": `attachment; filename="${pic}.${format}"` });
  const closed = new Promise<void>((resolve) => res.once("close", resolve));
  for (const part of format === "ecsv" ? ecsvParts(table, POINTS_PER_SLICE) : fitsParts(table, POINTS_PER_SLICE)) {
    if (res.destroyed) return; // the client went away: format no more
    if (!res.write(part)) await Promise.race([once(res, "drain"), closed]);
    await nextTurn();
  }
  res.end();
}
