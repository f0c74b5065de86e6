/**
 * A light-curve table as CSV (RFC 4180 rows) after a commented header ("# " lines, skipped by
 * `pandas.read_csv(comment="#")` and `numpy.genfromtxt`) that says what the star is, which time
 * scale each time column is in, and the unit and meaning of every column.
 */
import type { LightCurveTable, TableColumn } from "./lightCurveTable.js";

/** The time column's name in CSV, where no reader knows it is a Time. */
export const CSV_TIME_COLUMN = "bjd_tdb";

const quoted = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

function cell(column: TableColumn, row: number): string {
  if (column.kind === "string") return quoted(column.values[row]!);
  if (column.kind === "bool") return column.values[row] ? "1" : "0";
  return String(column.values[row]!); // shortest round-trip form
}

function columnLine(column: TableColumn): string {
  const unit = column.kind === "float64" ? ` [${column.unit ?? "dimensionless"}]` : column.kind === "bool" ? " [1 = true, 0 = false]" : "";
  return `${column.name}${unit}: ${column.description}`;
}

export function formatCsv(table: LightCurveTable): string {
  const { meta } = table;
  const header = [
    `${meta.pic} (${meta.objectName}), RA ${meta.raDeg} deg, Dec ${meta.decDeg} deg (J2000, from ${meta.coordinatesFrom})`,
    `master light curve generation ${meta.mlcGeneration}, updated ${meta.mlcUpdated} UTC`,
    `${CSV_TIME_COLUMN} [d]: Barycentric Julian Date in the TDB scale. ${meta.timeMethod}; accuracy ${meta.timeAccuracyS} s`,
    ...table.columns.map(columnLine),
    ...(meta.candidate ? [`best candidate: period ${meta.candidate.periodDays} d, mid-transit BJD_TDB ${meta.candidate.epochBjdTdb}, duration ${meta.candidate.durationHours} h`] : []),
  ].map((line) => `# ${line}`);
  const names = [CSV_TIME_COLUMN, ...table.columns.map((c) => c.name)].join(",");
  const rows = Array.from(table.timeBjdTdb, (t, i) => [String(t), ...table.columns.map((c) => cell(c, i))].join(","));
  return `${[...header, names, ...rows].join("\n")}\n`;
}
