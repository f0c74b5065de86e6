/**
 * A light-curve table as ECSV 1.0 (Aldcroft et al., astropy APE 6: a YAML header in "# " lines,
 * then space-delimited rows), written so that `astropy.timeseries.TimeSeries.read(path,
 * format="ascii.ecsv")` gives `time` as an astropy Time, scale tdb, format jd: the column is
 * declared in the `__serialized_columns__` meta the way astropy itself writes a Time with
 * serialize_method "formatted_value" (astropy/table/meta.py, astropy/time/core.py info).
 */
import type { LightCurveMeta, LightCurveTable, TableColumn } from "./lightCurveTable.js";

/**
 * A YAML scalar: strings double-quoted (JSON strings are YAML), numbers always with a decimal
 * point, because PyYAML's YAML 1.1 resolver reads `1e-7` as a string (it wants `1.0e-7`).
 */
function yamlScalar(value: string | number): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (!Number.isFinite(value)) throw new RangeError(`ECSV metadata: ${value} is not a finite number`);
  const [mantissa = "", exponent] = String(value).split("e");
  const withPoint = mantissa.includes(".") ? mantissa : `${mantissa}.0`;
  return exponent === undefined ? withPoint : `${withPoint}e${exponent}`; // JavaScript signs exponents: 1e-7, 1e+21
}

const flowMapping = (entries: Record<string, string | number>): string =>
  `{${Object.entries(entries)
    .map(([key, value]) => `${key}: ${yamlScalar(value)}`)
    .join(", ")}}`;

function metaEntries(meta: LightCurveMeta): Record<string, string | number>[] {
  return [
    { pic: meta.pic },
    { object: meta.objectName },
    { ra_deg: meta.raDeg },
    { dec_deg: meta.decDeg },
    { coordinates_from: meta.coordinatesFrom },
    { mlc_generation: meta.mlcGeneration },
    { mlc_updated: meta.mlcUpdated },
    { time_scale: "tdb" },
    { time_reference: "solar-system barycentre, mid-exposure" },
    { time_conversion: meta.timeMethod },
    { time_accuracy_s: meta.timeAccuracyS },
  ];
}

function candidateLine(meta: LightCurveMeta): string[] {
  if (meta.candidate === undefined) return [];
  if (meta.candidate === null) return ["- {best_candidate: null}"];
  const { periodDays, epochBjdTdb, durationHours, depth, snr } = meta.candidate;
  const fields = flowMapping({ period_days: periodDays, epoch_bjd_tdb: epochBjdTdb, duration_hours: durationHours, depth, snr });
  return [`- best_candidate: ${fields}`];
}

function datatypeLine(column: TableColumn): string {
  const unit = column.kind === "float64" && column.unit ? `, unit: ${column.unit}` : "";
  return `- {name: ${column.name}${unit}, datatype: ${column.kind}, description: ${JSON.stringify(column.description)}}`;
}

/** A string field: quoted (CSV style) when empty or holding a space or a quote. */
const ecsvString = (text: string): string => (text === "" || /[\s"]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

function cell(column: TableColumn, row: number): string {
  if (column.kind === "string") return ecsvString(column.values[row]!);
  if (column.kind === "bool") return column.values[row] ? "True" : "False";
  return String(column.values[row]!); // shortest round-trip form
}

/**
 * The file in parts of at most `rowsPerPart` rows (the header first), so that a server can send a
 * large table without formatting it in one go; the parts joined are the file.
 */
export function* ecsvParts(table: LightCurveTable, rowsPerPart = Infinity): Generator<string> {
  const header = [
    "%ECSV 1.0",
    "---",
    "datatype:",
    `- {name: time, datatype: float64, description: "BJD_TDB at mid-exposure, days"}`,
    ...table.columns.map(datatypeLine),
    "meta: !!omap",
    ...metaEntries(table.meta).map((entry) => `- ${flowMapping(entry)}`),
    ...candidateLine(table.meta),
    "- __serialized_columns__:",
    "    time:",
    "      __class__: astropy.time.core.Time",
    "      format: jd",
    "      scale: tdb",
    "      precision: 6",
    "      value: !astropy.table.SerializedColumn {name: time}",
    "schema: astropy-2.0",
  ].map((line) => `# ${line}`);
  const names = ["time", ...table.columns.map((c) => c.name)].join(" ");
  yield `${[...header, names].join("\n")}\n`;
  const rows = table.timeBjdTdb.length;
  for (let from = 0; from < rows; from += rowsPerPart) {
    const lines: string[] = [];
    for (let i = from; i < Math.min(rows, from + rowsPerPart); i++) lines.push(`${[String(table.timeBjdTdb[i]!), ...table.columns.map((c) => cell(c, i))].join(" ")}\n`);
    yield lines.join("");
  }
}

export function formatEcsv(table: LightCurveTable): string {
  return [...ecsvParts(table)].join("");
}
