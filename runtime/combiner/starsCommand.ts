/**
 * `piaa stars [--json]`: the stars whose master light curves the bucket holds, with what each
 * holds (points, segments, units, the span of nights observed) and the catalog name when the
 * simulator's catalog knows the star. Reads each MLC document only, never its chunks.
 */
import { jsonOption, piaaCommand } from "../core/commandLine.js";
import { readMasterLightCurveDocument } from "../core/loadMasterLightCurve.js";
import type { MasterLightCurve } from "../core/masterLightCurve.js";
import { masterLightCurveName, tryParseObjectName } from "../core/objectNames.js";
import { type CommandOutput, processOutput } from "../core/outputFiles.js";
import { catalogNameOf } from "../core/catalog.js";
import { openBucketForReading } from "../core/store/openBucket.js";
import type { ObjectStore } from "../core/store/objectStore.js";

export interface StarSummary {
  pic: string;
  /** Catalog name (e.g. "HD 189733"), null when the catalog does not have the star. */
  name: string | null;
  points: number;
  segments: number;
  units: number;
  /** Start of the first and of the last segment (ISO 8601 UTC), null when none is merged. */
  firstStart: string | null;
  lastStart: string | null;
  mlc: string;
}

export function summarizeStar(mlc: MasterLightCurve): StarSummary {
  const starts = mlc.segments.map((s) => s.start).sort();
  return {
    pic: mlc.pic,
    name: catalogNameOf(mlc.pic) ?? null,
    points: mlc.segments.reduce((sum, s) => sum + s.points, 0),
    segments: mlc.segments.length,
    units: new Set(mlc.segments.map((s) => s.unit)).size,
    firstStart: starts[0] ?? null,
    lastStart: starts.at(-1) ?? null,
    mlc: masterLightCurveName(mlc.pic),
  };
}

/** Every star with an MLC document, in name order. */
export async function listStarSummaries(store: ObjectStore): Promise<StarSummary[]> {
  const pics: string[] = [];
  for await (const object of store.listAll("MLC/")) {
    const name = tryParseObjectName(object.name);
    if (name?.kind === "mlc") pics.push(name.pic);
  }
  return Promise.all(pics.map(async (pic) => summarizeStar((await readMasterLightCurveDocument(store, pic)).mlc)));
}

const day = (start: string | null): string => start?.slice(0, 10) ?? "–";

/** A table with one line per star. */
export function formatStars(stars: readonly StarSummary[]): string {
  const rows = [
    ["PIC", "name", "points", "segments", "units", "observed"],
    ...stars.map((s) => [s.pic, s.name ?? "", String(s.points), String(s.segments), String(s.units), `${day(s.firstStart)}..${day(s.lastStart)}`]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const numeric = new Set([2, 3, 4]);
  return rows.map((row) => row.map((cell, c) => (numeric.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join("  ").trimEnd()).join("\n") + "\n";
}

export function starsCommand(output: CommandOutput = processOutput) {
  return piaaCommand("stars", "list the stars with a master light curve: points, segments, units, nights observed, catalog name")
    .addOption(jsonOption())
    .action(async (options: { bucket: string; json?: boolean }) => {
      const store = await openBucketForReading(options.bucket);
      const stars = await listStarSummaries(store);
      if (options.json) output.stdout(`${JSON.stringify(stars, null, 2)}\n`);
      else if (stars.length === 0) output.stdout(`no master light curves in bucket ${options.bucket} yet (piaa start, or piaa simulate then piaa reconcile, makes them)\n`);
      else output.stdout(formatStars(stars));
    });
}
