/**
 * The merge rules of master light curves (design §4), as pure functions over the MLC document.
 * A segment is identified by (object name, generation): merging it twice changes nothing, a newer
 * generation of an object replaces its points, an older one is ignored, and removing an object
 * drops its points and leaves a tombstone at that generation, so that an older generation is
 * ignored after a delete too. Points stay sorted by (time, object name, index in the segment) and segments
 * by (start, object name), so the result does not depend on the order of the changes.
 *
 * `applySegmentUpdates` applies a whole batch in one pass: O(n + k log k) for an MLC of n points
 * receiving k new points, never a re-sort or copy per segment.
 */
import { InvalidSegmentError } from "./errors.js";
import type { LightCurveSegment } from "./lightCurveSegment.js";
import type { MasterLightCurve, MlcPoints, MlcSegment } from "./masterLightCurve.js";
import { compareGenerations, type Generation } from "./store/objectStore.js";

/**
 * One change to an MLC: merge a validated segment at a generation, or record an object as dead
 * (deleted, or invalid) up to a generation. The MLC records each object it has heard of at one
 * generation, live (a segment entry) or dead (a tombstone), and a change older than that record
 * changes nothing, unless `replaceNewer` (reconcile's repair of an object whose generation went
 * back: a file restored with an old mtime).
 */
export type SegmentUpdate =
  | { kind: "merge"; segment: LightCurveSegment; generation: Generation; replaceNewer?: boolean }
  /** Removes the object's points if merged at `generation` or older (absent: the one held), leaving a tombstone. */
  | { kind: "remove"; object: string; generation?: Generation; replaceNewer?: boolean };

export type UpdateOutcome = "merged" | "unchanged" | "removed";

export interface MergeResult {
  /** The new document, or the very same object when `changed` is false. */
  mlc: MasterLightCurve;
  /** False when every update was a duplicate or stale: callers can skip the write. */
  changed: boolean;
  /** One per update, in order, relative to the updates before it. */
  outcomes: UpdateOutcome[];
}

export interface MergeOptions {
  /** The `updated` time written into a changed document; defaults to now. */
  updated?: string;
}

/** What the document records of an object: live at a generation (with new data if merged now), or dead. */
interface Recorded {
  generation: Generation;
  dead: boolean;
  segment?: LightCurveSegment;
}

export function mergeSegment(
  mlc: MasterLightCurve,
  segment: LightCurveSegment,
  generation: Generation,
  options?: MergeOptions,
): MergeResult {
  return applySegmentUpdates(mlc, [{ kind: "merge", segment, generation }], options);
}

export function removeSegment(mlc: MasterLightCurve, object: string, generation?: Generation, options?: MergeOptions): MergeResult {
  return applySegmentUpdates(mlc, [{ kind: "remove", object, generation }], options);
}

/** Object -> what the document records of it (segment entries and tombstones). */
export function recordedGenerations(mlc: MasterLightCurve): Map<string, Recorded> {
  const recorded = new Map<string, Recorded>(mlc.segments.map((s) => [s.object, { generation: s.generation, dead: false }]));
  for (const t of mlc.tombstones ?? []) recorded.set(t.object, { generation: t.generation, dead: true });
  return recorded;
}

export function applySegmentUpdates(mlc: MasterLightCurve, updates: readonly SegmentUpdate[], options: MergeOptions = {}): MergeResult {
  const original = recordedGenerations(mlc);
  const current = new Map(original);
  const touched = new Set<string>();
  const outcomes = updates.map((update) => {
    const object = update.kind === "merge" ? update.segment.objectName : update.object;
    if (update.kind === "merge") checkSameStar(mlc, update.segment);
    const held = current.get(object);
    const next = resolve(held, update);
    if (!next) return "unchanged";
    current.set(object, next);
    touched.add(object);
    return next.dead ? (held && !held.dead ? "removed" : "unchanged") : "merged";
  });
  const same = (a: Recorded | undefined, b: Recorded | undefined) => a?.generation === b?.generation && a?.dead === b?.dead;
  const changedObjects = [...touched].filter((object) => !same(current.get(object), original.get(object)));
  if (changedObjects.length === 0) return { mlc, changed: false, outcomes };

  const replaced = changedObjects.filter((object) => original.get(object)?.dead === false || current.get(object)?.dead === false);
  const added = replaced.flatMap((object) => {
    const target = current.get(object);
    return target?.segment ? [{ segment: target.segment, generation: target.generation }] : [];
  });
  const updated = options.updated ?? new Date().toISOString();
  const rebuilt: MasterLightCurve = replaced.length > 0 ? rebuild(mlc, new Set(replaced), added, updated) : { ...mlc, updated };
  const { tombstones: _old, ...rest } = rebuilt;
  const tombstones = [...current].filter(([, r]) => r.dead).map(([object, r]) => ({ object, generation: r.generation }));
  tombstones.sort((a, b) => compareStrings(a.object, b.object));
  return { mlc: tombstones.length > 0 ? { ...rest, tombstones } : rest, changed: true, outcomes };
}

/** What the object is recorded as after `update`, or undefined when the update changes nothing. */
function resolve(held: Recorded | undefined, update: SegmentUpdate): Recorded | undefined {
  if (update.kind === "merge") {
    if (held && !held.dead && held.generation === update.generation) return undefined;
    if (held && !update.replaceNewer && compareGenerations(held.generation, update.generation) >= 0) return undefined;
    return { generation: update.generation, dead: false, segment: update.segment };
  }
  const generation = update.generation ?? held?.generation;
  if (generation === undefined) return undefined;
  if (held?.dead && held.generation === generation) return undefined;
  if (held && !update.replaceNewer && compareGenerations(held.generation, generation) > 0) return undefined;
  return { generation, dead: true };
}

function checkSameStar(mlc: MasterLightCurve, segment: LightCurveSegment): void {
  if (segment.name.pic !== mlc.pic) {
    throw new InvalidSegmentError(segment.objectName, { reason: `belongs to ${segment.name.pic}, not to the MLC of ${mlc.pic}` });
  }
}

/** Per-channel median flux of a segment (mean of the middle two for an even count). */
export function segmentMedians(segment: LightCurveSegment): MlcSegment["median"] {
  const median = (values: Float64Array): number => {
    values.sort();
    const mid = values.length >> 1;
    // Halved before adding: two valid values near the largest double must not overflow to Infinity.
    return values.length % 2 === 1 ? values[mid]! : values[mid - 1]! / 2 + values[mid]! / 2;
  };
  const column = (key: "R" | "G" | "B"): Float64Array => Float64Array.from(segment.points, (p) => p[key]);
  return { R: median(column("R")), G: median(column("G")), B: median(column("B")) };
}

function segmentEntry(segment: LightCurveSegment, generation: Generation): MlcSegment {
  const { unit, camera, start } = segment.name;
  return { object: segment.objectName, generation, unit, camera, start, points: segment.points.length, median: segmentMedians(segment) };
}

const bySegmentOrder = (a: MlcSegment, b: MlcSegment): number =>
  a.start < b.start ? -1 : a.start > b.start ? 1 : a.object < b.object ? -1 : a.object > b.object ? 1 : 0;

/** A new point waiting to be merged: which added segment, which point of it, its time. */
interface NewPoint {
  added: number;
  index: number;
  timeUnixS: number;
}

/**
 * Builds the new document: drops the points of `dropped` objects, merges the points of `added`
 * segments in one walk over the old (already sorted) columns, and renumbers segment indices.
 */
function rebuild(
  mlc: MasterLightCurve,
  dropped: ReadonlySet<string>,
  added: readonly { segment: LightCurveSegment; generation: Generation }[],
  updated: string,
): MasterLightCurve {
  const addedEntries = added.map(({ segment, generation }) => segmentEntry(segment, generation));
  const segments = [...mlc.segments.filter((s) => !dropped.has(s.object)), ...addedEntries].sort(bySegmentOrder);
  const newIndex = new Map(segments.map((s, i) => [s.object, i]));
  const oldToNew = Int32Array.from(mlc.segments, (s) => (dropped.has(s.object) ? -1 : newIndex.get(s.object)!));
  const addedIndex = Int32Array.from(addedEntries, (s) => newIndex.get(s.object)!);

  const fresh: NewPoint[] = [];
  added.forEach(({ segment }, a) => segment.timeUnixS.forEach((timeUnixS, index) => fresh.push({ added: a, index, timeUnixS })));
  const objectOf = (p: NewPoint): string => addedEntries[p.added]!.object;
  fresh.sort((x, y) => x.timeUnixS - y.timeUnixS || compareStrings(objectOf(x), objectOf(y)) || x.index - y.index);

  // Walk the old (sorted) points and the sorted new ones once, recording where each output point
  // comes from: an old index (>= 0) or a new one (-1 - rank). Columns are then gathered one by one.
  const old = mlc.points;
  const oldObjects = mlc.segments.map((s) => s.object);
  let kept = 0;
  for (let i = 0; i < old.segment.length; i++) if (oldToNew[old.segment[i]!]! >= 0) kept++;
  const source = new Int32Array(kept + fresh.length);
  let o = 0;
  let j = 0;
  for (let i = 0; i < old.time.length; i++) {
    const segment = old.segment[i]!;
    if (oldToNew[segment]! < 0) continue;
    const t = old.time[i]!;
    // Equal times order by object name; an object's points come from one side only.
    while (j < fresh.length && (fresh[j]!.timeUnixS < t || (fresh[j]!.timeUnixS === t && objectOf(fresh[j]!) < oldObjects[segment]!))) {
      source[o++] = -1 - j++;
    }
    source[o++] = i;
  }
  while (j < fresh.length) source[o++] = -1 - j++;

  const columns = freshColumns(fresh, added, addedIndex);
  const points = {
    time: gather(source, old.time, columns.time),
    ...Object.fromEntries(VALUE_COLUMNS.map((column) => [column, gather(source, old[column], columns[column])])),
    segment: gather(source, old.segment.map((s) => oldToNew[s]!), columns.segment),
  } as MlcPoints;
  return { schema: mlc.schema, pic: mlc.pic, updated, segments, points, ...(mlc.chunks && { chunks: mlc.chunks }) };
}

const VALUE_COLUMNS = ["exptime", "R", "G", "B", "sig_r", "sig_g", "sig_b"] as const;
type ValueColumn = (typeof VALUE_COLUMNS)[number];

/**
 * The new points' values as typed columns, in merge order. Plain loops: `TypedArray.from` with a
 * map function goes through the iterator protocol and doubled the cost of a batch.
 */
function freshColumns(
  fresh: readonly NewPoint[],
  added: readonly { segment: LightCurveSegment }[],
  addedIndex: Int32Array,
): Record<"time" | "segment" | ValueColumn, Float64Array> {
  const n = fresh.length;
  const column = (): Float64Array => new Float64Array(n);
  const columns = {
    time: column(),
    segment: column(),
    exptime: column(),
    R: column(),
    G: column(),
    B: column(),
    sig_r: column(),
    sig_g: column(),
    sig_b: column(),
  };
  for (let r = 0; r < n; r++) {
    const p = fresh[r]!;
    const point = added[p.added]!.segment.points[p.index]!;
    columns.time[r] = p.timeUnixS;
    columns.segment[r] = addedIndex[p.added]!;
    columns.exptime[r] = point.exptime;
    columns.R[r] = point.R;
    columns.G[r] = point.G;
    columns.B[r] = point.B;
    columns.sig_r[r] = point.sig_r;
    columns.sig_g[r] = point.sig_g;
    columns.sig_b[r] = point.sig_b;
  }
  return columns;
}

/**
 * One output column: `source[o]` is an index into `oldValues`, or -1 - an index into `newValues`.
 * Built by push, not `new Array(n)`: a holey array takes JSON.stringify's slow path, which cost
 * a third more per MLC write.
 */
function gather(source: Int32Array, oldValues: readonly number[], newValues: Float64Array): number[] {
  const out: number[] = [];
  for (let o = 0; o < source.length; o++) {
    const s = source[o]!;
    out.push(s >= 0 ? oldValues[s]! : newValues[-1 - s]!);
  }
  return out;
}

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
