/**
 * The merge engine on a hot star: an MLC of 100,000 points (1,000 segments of 100) receiving 100
 * more segments, compared with the naive approach (concatenate and fully re-sort per segment),
 * and the cost of reading the 100,000-point document with the cheap codec versus zod; then the
 * same hot star in the chunked layout (design §4): what one batch costs when the document holds
 * only the segment list and a short tail, and what assembling the full MLC from chunks costs.
 */
import { parseLightCurveSegment, type LightCurveSegment } from "../runtime/core/lightCurveSegment.js";
import { emptyMasterLightCurve, parseMasterLightCurve, type MasterLightCurve } from "../runtime/core/masterLightCurve.js";
import { assembleMasterLightCurve } from "../runtime/core/loadMasterLightCurve.js";
import { chunkMasterLightCurve, DEFAULT_TAIL_POINT_LIMIT, decodeChunk } from "../runtime/core/masterLightCurveChunk.js";
import { decodeMasterLightCurve, encodeMasterLightCurve } from "../runtime/core/masterLightCurveCodec.js";
import { applySegmentUpdates, mergeSegment } from "../runtime/core/mergeSegment.js";
import { unixMicrosToIso } from "../runtime/core/time.js";

const PIC = "PIC_J0326137+295015";
const POINTS_PER_SEGMENT = 100;
const HISTORY_SEGMENTS = 1000;
const NEW_SEGMENTS = 100;
const NIGHT_START_MICROS = Date.UTC(2016, 6, 2, 9, 18, 28, 837) * 1000;
const DAY_MICROS = 86_400e6;

/** Segment `n`: one night per segment, 100 exposures ~2 minutes apart, shuffled as 2016 wrote them. */
function segment(n: number): LightCurveSegment {
  const start = NIGHT_START_MICROS + n * DAY_MICROS;
  const points = Array.from({ length: POINTS_PER_SEGMENT }, (_, i) => ({
    time: unixMicrosToIso(start + i * 120e6 + ((n * 7919 + i * 104729) % 1_000_000)),
    exptime: 100,
    R: 1 + Math.sin(n + i) / 100,
    G: 1 + Math.cos(n + i) / 100,
    B: 1 - Math.sin(n - i) / 100,
    sig_r: 0.01,
    sig_g: 0.006,
    sig_b: 0.017,
  }));
  points.sort((a, b) => ((n + a.R * 1e6) % 7) - ((n + b.R * 1e6) % 7));
  const unit = `PAN${String(n % 7).padStart(3, "0")}`;
  return parseLightCurveSegment(`LC/${PIC}/${unit}/${String(100000 + (n % 13))}/${unixMicrosToIso(start)}.json`, JSON.stringify(points));
}

/**
 * Median CPU time (user + system) of `fn` over `runs` runs (after one warm-up run), in ms. CPU time rather than wall
 * time: the 2-core machine is shared, and waiting for a core is not the merge's cost.
 */
function timeMs(runs: number, fn: () => unknown): number {
  if (runs > 1) fn(); // warm-up: let the JIT compile before measuring
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const before = process.cpuUsage();
    fn();
    const used = process.cpuUsage(before);
    samples.push((used.user + used.system) / 1000);
  }
  return samples.sort((a, b) => a - b)[samples.length >> 1]!;
}

interface FlatRow {
  time: number;
  object: string;
  values: number[];
}

/** The naive merge: append the segment's points and re-sort everything, once per segment (it does not even replace). */
function naiveMerge(rows: FlatRow[], segments: readonly LightCurveSegment[]): FlatRow[] {
  let current = rows;
  for (const s of segments) {
    const added = s.points.map((p, i) => ({ time: s.timeUnixS[i]!, object: s.objectName, values: [p.exptime, p.R, p.G, p.B, p.sig_r, p.sig_g, p.sig_b] }));
    current = [...current, ...added].sort((a, b) => a.time - b.time || (a.object < b.object ? -1 : a.object > b.object ? 1 : 0));
  }
  return current;
}

function rowsOf(mlc: MasterLightCurve): FlatRow[] {
  const p = mlc.points;
  return p.time.map((time, i) => ({
    time,
    object: mlc.segments[p.segment[i]!]!.object,
    values: [p.exptime[i]!, p.R[i]!, p.G[i]!, p.B[i]!, p.sig_r[i]!, p.sig_g[i]!, p.sig_b[i]!],
  }));
}

const ratio = (baseline: number, ours: number): string =>
  baseline >= ours ? `${(baseline / ours).toFixed(1)}× faster` : `${(ours / baseline).toFixed(1)}× slower`;

export async function run(): Promise<void> {
  const history = Array.from({ length: HISTORY_SEGMENTS }, (_, n) => segment(n));
  const incoming = Array.from({ length: NEW_SEGMENTS }, (_, n) => segment(HISTORY_SEGMENTS + n - NEW_SEGMENTS / 2));
  let hot = emptyMasterLightCurve(PIC);
  const buildMs = timeMs(1, () => {
    hot = applySegmentUpdates(hot, history.map((s) => ({ kind: "merge" as const, segment: s, generation: "1" }))).mlc;
  });
  console.log(`MLC of ${hot.points.time.length} points (${hot.segments.length} segments) built in one batch: ${buildMs.toFixed(0)} ms`);

  // Half of them are new generations of held objects (their points are replaced), half are new.
  const updates = incoming.map((s) => ({ kind: "merge" as const, segment: s, generation: "2" }));
  const batchMs = timeMs(5, () => applySegmentUpdates(hot, updates));
  const oneByOneMs = timeMs(1, () => incoming.reduce((mlc, s) => mergeSegment(mlc, s, "2").mlc, hot));
  const rows = rowsOf(hot);
  const naiveMs = timeMs(1, () => naiveMerge(rows, incoming));
  const merged = applySegmentUpdates(hot, updates).mlc;
  const duplicateMs = timeMs(5, () => applySegmentUpdates(merged, updates));
  console.log(`merge ${NEW_SEGMENTS} segments into it, half replacing held ones (baseline: naive concatenate + full sort per segment, ${naiveMs.toFixed(0)} ms):`);
  console.log(`  applySegmentUpdates, one batch:  ${batchMs.toFixed(1)} ms  (${ratio(naiveMs, batchMs)})`);
  console.log(`  mergeSegment, one at a time:     ${oneByOneMs.toFixed(0)} ms  (${ratio(naiveMs, oneByOneMs)}: all 9 columns copied per segment)`);
  console.log(`  the same batch redelivered (all duplicates, nothing to write): ${duplicateMs.toFixed(2)} ms`);

  const bytes = encodeMasterLightCurve(merged);
  const name = `MLC/${PIC}.json`;
  const encodeMs = timeMs(5, () => encodeMasterLightCurve(merged));
  const parseOnlyMs = timeMs(5, () => JSON.parse(bytes.toString("utf8")));
  const decodeMs = timeMs(5, () => decodeMasterLightCurve(name, bytes, PIC));
  const zodMs = timeMs(3, () => parseMasterLightCurve(name, bytes));
  console.log(`read the ${(bytes.length / 1e6).toFixed(1)} MB, ${merged.points.time.length}-point document (baseline: JSON.parse alone ${parseOnlyMs.toFixed(0)} ms):`);
  console.log(`  cheap structural codec:  ${decodeMs.toFixed(0)} ms  (${(decodeMs / parseOnlyMs).toFixed(2)}× JSON.parse)`);
  console.log(`  zod schema:              ${zodMs.toFixed(0)} ms  (${(zodMs / parseOnlyMs).toFixed(2)}× JSON.parse; codec ${ratio(zodMs, decodeMs)})`);
  console.log(`  encode (JSON.stringify): ${encodeMs.toFixed(0)} ms`);

  chunkedBatch(hot, updates.slice(0, 10), name);
}

/**
 * One hot-star batch (10 segments: decode the stored document, merge, encode) on the whole
 * 100,000-point document (baseline) and on the chunked one, and reading the chunked MLC back.
 */
function chunkedBatch(hot: MasterLightCurve, batch: Parameters<typeof applySegmentUpdates>[1], name: string): void {
  const wholeBytes = encodeMasterLightCurve(hot);
  const whole = timeMs(5, () => encodeMasterLightCurve(applySegmentUpdates(decodeMasterLightCurve(name, wholeBytes, PIC), batch).mlc));
  const { mlc: doc, chunks } = chunkMasterLightCurve(hot, DEFAULT_TAIL_POINT_LIMIT);
  const docBytes = encodeMasterLightCurve(doc);
  const chunked = timeMs(5, () => {
    const stored = decodeMasterLightCurve(name, docBytes, PIC);
    encodeMasterLightCurve({ ...applySegmentUpdates(stored, batch).mlc, chunks: stored.chunks });
  });
  const assemble = timeMs(5, () => {
    const stored = decodeMasterLightCurve(name, docBytes, PIC);
    assembleMasterLightCurve(stored, new Map(chunks.map((chunk, c) => [c, decodeChunk(chunk.name, chunk.bytes, PIC)])));
  });
  const wholeDecode = timeMs(5, () => decodeMasterLightCurve(name, wholeBytes, PIC));
  console.log(`chunked layout (tail limit ${DEFAULT_TAIL_POINT_LIMIT}): ${chunks.length} chunks, document ${(docBytes.length / 1e6).toFixed(2)} MB instead of ${(wholeBytes.length / 1e6).toFixed(1)} MB`);
  console.log(`  batch of ${batch.length} (decode + merge + encode): whole document ${whole.toFixed(0)} ms (baseline), chunked ${chunked.toFixed(1)} ms (${ratio(whole, chunked)})`);
  console.log(`  reading the full MLC: whole document ${wholeDecode.toFixed(0)} ms (baseline), document + ${chunks.length} chunks assembled ${assemble.toFixed(0)} ms (${ratio(wholeDecode, assemble)})`);
}
