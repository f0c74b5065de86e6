/**
 * formatEcsv and ecsvParts read back in process (ecsvExport.test.ts and astropyExports.test.ts
 * read the files with astropy in a child process, which mutation testing cannot see): the header
 * parsed as the YAML that ECSV 1.0 declares (astropy APE 6), the number form PyYAML's YAML 1.1
 * resolver reads as a float, the rows tokenised as astropy's ECSV reader does (space-delimited,
 * `"` quotes, a doubled `""` inside), and the parts a server sends joined into the same file.
 */
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { ecsvParts, formatEcsv } from "../../../runtime/combiner/ecsvExport.js";
import type { LightCurveTable, TableCandidate } from "../../../runtime/combiner/lightCurveTable.js";

/** astropy's tag for a column serialised into others (astropy/table/serialize.py); a mapping. */
const ASTROPY_SCHEMA = yaml.DEFAULT_SCHEMA.extend([new yaml.Type("!astropy.table.SerializedColumn", { kind: "mapping" })]);

/** PyYAML's implicit float resolver (yaml/resolver.py, YAML 1.1): a point is required, the exponent signed. */
const PYYAML_FLOAT = /^[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?$/;

const CANDIDATE: TableCandidate = { periodDays: 3, epochBjdTdb: 2461254.5, durationHours: 1e-7, depth: -2.5e-12, snr: 1e21 };

function table(rows: number, candidate?: TableCandidate | null): LightCurveTable {
  const times = [2461254.669742773, 2461254.75, 2461255.1, 2461255.25, 2461256.5].slice(0, rows);
  const labels = ['with space and "quote"', "", "tab\there", "plain", "  "];
  return {
    meta: {
      pic: "PIC_J1234567-012345",
      objectName: 'A "quoted" name: with # and, commas',
      raDeg: 188.73625,
      decDeg: -1,
      coordinatesFrom: "the PIC id",
      mlcGeneration: "0001796536037984458",
      mlcUpdated: "2026-12-06T05:47:17.724Z",
      timeMethod: "method: with a colon",
      timeAccuracyS: 0.04,
      candidate,
    },
    timeBjdTdb: Float64Array.from(times),
    columns: [
      { name: "flux_r", kind: "float64", unit: "adu", values: times.map((_, i) => [1e-7, -3.5e21, 1, 0.5, 2][i]!), description: 'flux "r": counts' },
      { name: "ratio", kind: "float64", values: times.map(() => 2), description: "" },
      { name: "label", kind: "string", values: labels.slice(0, rows), description: "odd strings" },
      { name: "in_transit", kind: "bool", values: times.map((_, i) => i % 2), description: "mask" },
    ],
  };
}

/** The header lines without their "# ", the column-names line, and the data lines. */
function split(text: string): { header: string[]; names: string; rows: string[] } {
  const lines = text.split("\n");
  expect(lines.at(-1)).toBe(""); // every line ends with a newline
  const header = lines.filter((l) => l.startsWith("#"));
  for (const line of header) expect(line.startsWith("# ")).toBe(true);
  return { header: header.map((l) => l.slice(2)), names: lines[header.length]!, rows: lines.slice(header.length + 1, -1) };
}

interface Header {
  datatype: Record<string, string>[];
  meta: Record<string, unknown>[];
  schema: string;
}

const parseHeader = (header: string[]): Header => yaml.load(header.slice(2).join("\n"), { schema: ASTROPY_SCHEMA }) as Header;

/** A data line as astropy's basic reader splits it: spaces between fields, `"…"` quoting, `""` for a quote. */
function fields(line: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < line.length; ) {
    if (line[i] === " ") throw new Error(`two spaces in a row at ${i}: ${line}`);
    let field = "";
    if (line[i] === '"') {
      for (i++; ; i++) {
        if (i >= line.length) throw new Error(`unclosed quote: ${line}`);
        if (line[i] === '"' && line[i + 1] === '"') {
          field += '"';
          i++;
        } else if (line[i] === '"') break;
        else field += line[i];
      }
      i++;
    } else {
      for (; i < line.length && line[i] !== " "; i++) field += line[i];
    }
    out.push(field);
    if (i < line.length && line[i++] !== " ") throw new Error(`no space after a field at ${i}: ${line}`);
  }
  return out;
}

describe("formatEcsv header", () => {
  it("starts with the ECSV 1.0 signature and declares every column, units only on float columns that have one", () => {
    const { header, names } = split(formatEcsv(table(2)));
    expect(header.slice(0, 2)).toEqual(["%ECSV 1.0", "---"]);
    const parsed = parseHeader(header);
    expect(parsed.schema).toBe("astropy-2.0");
    expect(parsed.datatype).toEqual([
      { name: "time", datatype: "float64", description: "BJD_TDB at mid-exposure, days" },
      { name: "flux_r", datatype: "float64", unit: "adu", description: 'flux "r": counts' },
      { name: "ratio", datatype: "float64", description: "" },
      { name: "label", datatype: "string", description: "odd strings" },
      { name: "in_transit", datatype: "bool", description: "mask" },
    ]);
    expect(names).toBe("time flux_r ratio label in_transit");
  });

  it("writes the star and time metadata in order, and the time column as an astropy Time (jd, tdb)", () => {
    const t = table(2);
    const { meta } = parseHeader(split(formatEcsv(t)).header);
    expect(meta).toEqual([
      { pic: t.meta.pic },
      { object: t.meta.objectName },
      { ra_deg: 188.73625 },
      { dec_deg: -1 },
      { coordinates_from: "the PIC id" },
      { mlc_generation: "0001796536037984458" },
      { mlc_updated: "2026-12-06T05:47:17.724Z" },
      { time_scale: "tdb" },
      { time_reference: "solar-system barycentre, mid-exposure" },
      { time_conversion: "method: with a colon" },
      { time_accuracy_s: 0.04 },
      {
        __serialized_columns__: {
          time: { __class__: "astropy.time.core.Time", format: "jd", scale: "tdb", precision: 6, value: { name: "time" } },
        },
      },
    ]);
  });

  it("writes the best candidate, null when the search found none, nothing for a plain table", () => {
    const candidateOf = (candidate?: TableCandidate | null) =>
      parseHeader(split(formatEcsv(table(2, candidate))).header).meta.filter((entry) => "best_candidate" in entry);
    expect(candidateOf(CANDIDATE)).toEqual([{ best_candidate: { period_days: 3, epoch_bjd_tdb: 2461254.5, duration_hours: 1e-7, depth: -2.5e-12, snr: 1e21 } }]);
    expect(candidateOf(null)).toEqual([{ best_candidate: null }]);
    expect(candidateOf(undefined)).toEqual([]);
  });

  it("writes every number in the metadata as a float PyYAML reads as one, and refuses one that is not finite", () => {
    const { header } = split(formatEcsv(table(2, CANDIDATE)));
    const meta = header.slice(header.indexOf("meta: !!omap"), header.indexOf("- __serialized_columns__:"));
    const numbers = meta.join("\n").match(/(?<=: )[-+0-9][^,}\s]*/g)!;
    expect(numbers.length).toBe(2 + 1 + 5); // ra, dec, accuracy, the candidate's five
    for (const text of numbers) expect(text).toMatch(PYYAML_FLOAT);
    expect(numbers).toEqual(expect.arrayContaining(["-1.0", "1.0e-7", "-2.5e-12", "1.0e+21", "3.0"]));
    const bad = table(1);
    bad.meta.raDeg = Number.NaN;
    expect(() => formatEcsv(bad)).toThrow(/ECSV metadata: NaN is not a finite number/);
    bad.meta.raDeg = Number.POSITIVE_INFINITY;
    expect(() => formatEcsv(bad)).toThrow(RangeError);
  });
});

describe("formatEcsv rows", () => {
  it("gives back every value: strings quoted when empty or holding a space or quote, booleans as True/False", () => {
    const t = table(5);
    const { rows } = split(formatEcsv(t));
    expect(rows.map(fields)).toEqual(
      Array.from(t.timeBjdTdb, (time, i) => [
        String(time),
        String((t.columns[0]!.values as number[])[i]),
        "2",
        (t.columns[2]!.values as string[])[i],
        i % 2 === 1 ? "True" : "False",
      ]),
    );
    expect(rows.map((r) => Number(r.split(" ")[0]))).toEqual(Array.from(t.timeBjdTdb));
    expect(rows[1]).toContain(' "" '); // an empty string is a quoted field, not a missing one
  });
});

describe("ecsvParts", () => {
  it("sends the header alone, then rows in parts of at most rowsPerPart, joined into the same file", () => {
    const t = table(5, CANDIDATE);
    const parts = [...ecsvParts(t, 2)];
    expect(parts.join("")).toBe(formatEcsv(t));
    expect(parts[0]).toBe(`${formatEcsv(table(0, CANDIDATE)).split("\n").filter((l) => l.startsWith("#")).join("\n")}\ntime flux_r ratio label in_transit\n`);
    expect(parts.slice(1).map((p) => p.split("\n").length - 1)).toEqual([2, 2, 1]);
    expect([...ecsvParts(t, 5)].length).toBe(2);
    expect([...ecsvParts(t)].length).toBe(2);
  });

  it("sends only the header for a table without rows", () => {
    const parts = [...ecsvParts(table(0), 2)];
    expect(parts.length).toBe(1);
    expect(split(parts[0]!).rows).toEqual([]);
  });
});
