/**
 * Object names of the PIAA bucket (design §3), parsed and formatted in this one module:
 *
 *     PSC/{unit}/{camera}/{start}/{pic}.fits     postage-stamp cube
 *     LC/{pic}/{unit}/{camera}/{start}.json      light-curve segment
 *     MLC/{pic}.json                             master light curve
 *     MLC/{pic}/{id}.json                        immutable chunk of that MLC's points
 *     ANALYSIS/{pic}.json                        analysis of that MLC (keyed by its generation)
 *     ANALYSIS/{pic}/{mlcGeneration}/{plot}.{png|svg}  plots of the analysis of that MLC generation
 *     ANALYSIS/{pic}/completeness.json           injection-and-recovery result (piaa completeness)
 *     ANALYSIS/index/{shard}.json                one shard of the star index
 *
 * The analyzer's outputs live under ANALYSIS/, outside the MLC/ prefix whose notifications feed
 * it, so its own writes never trigger it. Plots carry the MLC generation they were drawn from, so
 * that an analysis document and its plots always agree, whatever two analyzers do at once.
 */
import { InvalidObjectNameError } from "./errors.js";
import { isoToUnixMicros } from "./time.js";

/** GCS object names are at most 1024 bytes of UTF-8. */
export const MAX_OBJECT_NAME_BYTES = 1024;

export interface PostageStampName {
  kind: "psc";
  unit: string;
  camera: string;
  start: string;
  pic: string;
}

export interface LightCurveName {
  kind: "lc";
  pic: string;
  unit: string;
  camera: string;
  start: string;
}

export interface MasterLightCurveName {
  kind: "mlc";
  pic: string;
}

export interface AnalysisName {
  kind: "analysis";
  pic: string;
}

export interface CompletenessName {
  kind: "completeness";
  pic: string;
}

export const PLOT_KINDS = ["lightcurve", "folded"] as const;
export type PlotKind = (typeof PLOT_KINDS)[number];
export const PLOT_FORMATS = ["png", "svg"] as const;
export type PlotFormat = (typeof PLOT_FORMATS)[number];

export interface PlotName {
  kind: "plot";
  pic: string;
  /** Generation of the MLC the plot was drawn from. */
  mlcGeneration: string;
  plot: PlotKind;
  format: PlotFormat;
}

/** One shard of the star index (a number from 0). */
export interface StarIndexShardName {
  kind: "starIndex";
  shard: number;
}

/** A chunk of an MLC's points; `id` is derived from its content (16–64 lowercase hex digits). */
export interface MasterLightCurveChunkName {
  kind: "mlcChunk";
  pic: string;
  id: string;
}

export type ObjectName = PostageStampName | LightCurveName | MasterLightCurveName | AnalysisName | MasterLightCurveChunkName | PlotName | StarIndexShardName | CompletenessName;

const UNIT = /^PAN\d{3}$/;
const CAMERA = /^\d{6}$/;
// 2MASS-style: RA hhmmss + 0–2 decimals, Dec ±ddmmss + 0–1 decimal (design §3).
const PIC = /^PIC_J(\d{2})(\d{2})(\d{2})(\d{0,2})([+-])(\d{2})(\d{2})(\d{2})(\d?)$/;
const COMPLETENESS_FILE = "completeness.json";
const CHUNK_ID = /^[0-9a-f]{16,64}$/;
const START = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/;

/**
 * Rejects names that are unsafe anywhere (any store, any prefix): empty, over-long, absolute,
 * with empty or dot parts, backslashes or control characters. Returns the path parts.
 */
export function assertSafeObjectName(name: string): string[] {
  if (typeof name !== "string" || name.length === 0) throw new InvalidObjectNameError(String(name), "empty name");
  if (Buffer.byteLength(name, "utf8") > MAX_OBJECT_NAME_BYTES) {
    throw new InvalidObjectNameError(name, `longer than ${MAX_OBJECT_NAME_BYTES} bytes`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) throw new InvalidObjectNameError(name, "contains a control character");
  if (name.includes("\\")) throw new InvalidObjectNameError(name, "contains a backslash");
  if (name.startsWith("/")) throw new InvalidObjectNameError(name, "is absolute (starts with /)");
  const parts = name.split("/");
  for (const part of parts) {
    if (part === "") throw new InvalidObjectNameError(name, "has an empty path part");
    if (part === "." || part === "..") throw new InvalidObjectNameError(name, `has a "${part}" path part`);
  }
  return parts;
}

export function isValidPic(pic: string): boolean {
  const m = PIC.exec(pic);
  if (!m) return false;
  const [, rh, rm, rs, , , dd, dm, ds] = m.map(Number);
  return rh! < 24 && rm! < 60 && rs! < 60 && dd! <= 90 && dm! < 60 && ds! < 60 && !(dd === 90 && (dm! > 0 || ds! > 0));
}

export function isValidStart(start: string): boolean {
  return START.test(start) && isoToUnixMicros(start) !== undefined;
}

function checkPart(name: string, what: string, value: string, valid: boolean, expected: string): void {
  if (!valid) throw new InvalidObjectNameError(name, `${what} ${JSON.stringify(value)} is not ${expected}`);
}

function checkUnit(name: string, unit: string): void {
  checkPart(name, "unit", unit, UNIT.test(unit), "PAN followed by 3 digits");
}
function checkCamera(name: string, camera: string): void {
  checkPart(name, "camera", camera, CAMERA.test(camera), "6 digits");
}
function checkStart(name: string, start: string): void {
  checkPart(name, "start", start, isValidStart(start), "a UTC time like 2016-07-24T10:41:10.772000");
}
function checkPic(name: string, pic: string): void {
  checkPart(name, "PIC", pic, isValidPic(pic), "PIC_J + sexagesimal coordinates like PIC_J0326137+295015");
}

function stripSuffix(name: string, part: string, suffix: string): string {
  if (!part.endsWith(suffix)) throw new InvalidObjectNameError(name, `does not end in ${suffix}`);
  return part.slice(0, -suffix.length);
}

/** Parses any PIAA object name; throws InvalidObjectNameError naming the fault. */
export function parseObjectName(name: string): ObjectName {
  const parts = assertSafeObjectName(name);
  const [prefix] = parts;
  if (prefix === "LC") return parseLightCurveName(name);
  if (prefix === "PSC") {
    if (parts.length !== 5) throw new InvalidObjectNameError(name, "expected PSC/{unit}/{camera}/{start}/{pic}.fits");
    const [, unit, camera, start, file] = parts as [string, string, string, string, string];
    const pic = stripSuffix(name, file, ".fits");
    checkUnit(name, unit);
    checkCamera(name, camera);
    checkStart(name, start);
    checkPic(name, pic);
    return { kind: "psc", unit, camera, start, pic };
  }
  if (prefix === "MLC") {
    if (parts.length === 3) {
      const [, pic, file] = parts as [string, string, string];
      checkPic(name, pic);
      const id = stripSuffix(name, file, ".json");
      checkPart(name, "chunk id", id, CHUNK_ID.test(id), "16 to 64 lowercase hex digits");
      return { kind: "mlcChunk", pic, id };
    }
    if (parts.length !== 2) throw new InvalidObjectNameError(name, "expected MLC/{pic}.json or MLC/{pic}/{id}.json");
    const pic = stripSuffix(name, parts[1]!, ".json");
    checkPic(name, pic);
    return { kind: "mlc", pic };
  }
  if (prefix === "ANALYSIS") return parseAnalysisOutputName(name, parts);
  throw new InvalidObjectNameError(name, "does not start with LC/, PSC/, MLC/ or ANALYSIS/");
}

function parseAnalysisOutputName(name: string, parts: string[]): AnalysisName | PlotName | StarIndexShardName | CompletenessName {
  if (parts.length === 2) {
    const pic = stripSuffix(name, parts[1]!, ".json");
    checkPic(name, pic);
    return { kind: "analysis", pic };
  }
  if (parts.length === 3 && parts[1] === "index") {
    const shard = stripSuffix(name, parts[2]!, ".json");
    checkPart(name, "index shard", shard, /^(0|[1-9]\d{0,3})$/.test(shard), "a number from 0 to 9999");
    return { kind: "starIndex", shard: Number(shard) };
  }
  if (parts.length === 3 && parts[2] === COMPLETENESS_FILE) {
    checkPic(name, parts[1]!);
    return { kind: "completeness", pic: parts[1]! };
  }
  if (parts.length === 4) {
    const [, pic, mlcGeneration, file] = parts as [string, string, string, string];
    checkPic(name, pic);
    checkPart(name, "MLC generation", mlcGeneration, isGeneration(mlcGeneration), "a generation number");
    const [plot, format, ...rest] = file.split(".");
    const valid = rest.length === 0 && PLOT_KINDS.includes(plot as PlotKind) && PLOT_FORMATS.includes(format as PlotFormat);
    checkPart(name, "plot", file, valid, `one of ${PLOT_KINDS.join(", ")} with .png or .svg`);
    return { kind: "plot", pic, mlcGeneration, plot: plot as PlotKind, format: format as PlotFormat };
  }
  throw new InvalidObjectNameError(
    name,
    `expected ANALYSIS/{pic}.json, ANALYSIS/{pic}/{mlcGeneration}/{plot}.{png|svg}, ANALYSIS/{pic}/${COMPLETENESS_FILE} or ANALYSIS/index/{shard}.json`,
  );
}

/** For listings that hold other objects too: the parsed name, or undefined when it is not a PIAA name. */
export function tryParseObjectName(name: string): ObjectName | undefined {
  try {
    return parseObjectName(name);
  } catch (error) {
    if (error instanceof InvalidObjectNameError) return undefined;
    throw error;
  }
}

/** Parses a light-curve segment name; anything else under (or outside) LC/ is rejected. */
export function parseLightCurveName(name: string): LightCurveName {
  const parts = assertSafeObjectName(name);
  if (parts[0] !== "LC") throw new InvalidObjectNameError(name, "is not a light-curve segment (not under LC/)");
  if (parts.length !== 5) throw new InvalidObjectNameError(name, "expected LC/{pic}/{unit}/{camera}/{start}.json");
  const [, pic, unit, camera, file] = parts as [string, string, string, string, string];
  const start = stripSuffix(name, file, ".json");
  checkPic(name, pic);
  checkUnit(name, unit);
  checkCamera(name, camera);
  checkStart(name, start);
  return { kind: "lc", pic, unit, camera, start };
}

/** Formats a parsed name back to its object name; the parts are validated as on parse. */
export function formatObjectName(object: ObjectName): string {
  const name = unvalidatedName(object);
  const parsed = parseObjectName(name);
  if (parsed.kind !== object.kind) throw new InvalidObjectNameError(name, `does not format as a ${object.kind} name`);
  return name;
}

function unvalidatedName(object: ObjectName): string {
  switch (object.kind) {
    case "psc":
      return `PSC/${object.unit}/${object.camera}/${object.start}/${object.pic}.fits`;
    case "lc":
      return `LC/${object.pic}/${object.unit}/${object.camera}/${object.start}.json`;
    case "mlc":
      return `MLC/${object.pic}.json`;
    case "analysis":
      return `ANALYSIS/${object.pic}.json`;
    case "plot":
      return `ANALYSIS/${object.pic}/${object.mlcGeneration}/${object.plot}.${object.format}`;
    case "starIndex":
      return `ANALYSIS/index/${object.shard}.json`;
    case "mlcChunk":
      return `MLC/${object.pic}/${object.id}.json`;
    case "completeness":
      return `ANALYSIS/${object.pic}/${COMPLETENESS_FILE}`;
  }
}

export const lightCurveName = (parts: Omit<LightCurveName, "kind">): string => formatObjectName({ kind: "lc", ...parts });
export const postageStampName = (parts: Omit<PostageStampName, "kind">): string =>
  formatObjectName({ kind: "psc", ...parts });
export const masterLightCurveName = (pic: string): string => formatObjectName({ kind: "mlc", pic });
export const analysisName = (pic: string): string => formatObjectName({ kind: "analysis", pic });
export const plotName = (pic: string, mlcGeneration: string, plot: PlotKind, format: PlotFormat): string =>
  formatObjectName({ kind: "plot", pic, mlcGeneration, plot, format });
export const completenessName = (pic: string): string => formatObjectName({ kind: "completeness", pic });

/** A store generation as it appears in names and URLs: a positive decimal integer. */
export const isGeneration = (text: string): boolean => /^[1-9]\d{0,24}$/.test(text);
export const starIndexShardName = (shard: number): string => formatObjectName({ kind: "starIndex", shard });
export const masterLightCurveChunkName = (pic: string, id: string): string => formatObjectName({ kind: "mlcChunk", pic, id });

/** Prefix under which every chunk of one star's MLC lives. */
export function masterLightCurveChunkPrefix(pic: string): string {
  checkPic(`MLC/${pic}/`, pic);
  return `MLC/${pic}/`;
}

/** Prefix under which every segment of one star lives. */
export function lightCurvePrefix(pic: string): string {
  checkPic(`LC/${pic}/`, pic);
  return `LC/${pic}/`;
}
