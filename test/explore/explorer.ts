/**
 * The schedule explorer of the merge path (issue 14). One seed builds one world: an uploader that
 * creates, overwrites (with valid and invalid segments), deletes and re-creates the LC objects of
 * one star and publishes a notification per change as GCS would; two or three combiner replicas
 * that each apply a few batches of those notifications (duplicated, reordered, some without their
 * generation) through applyChanges with a cache of their own; `piaa combine`; and `piaa
 * reconcile` collecting chunks with a grace period of 0. The MLC tail rolls over every few points
 * so chunks are written, reused, listed, dropped and collected. Every store call is a step of the
 * seeded scheduler (scheduler.ts), so the seed fixes the interleaving.
 *
 * At quiescence, each object whose latest change's notification a replica already answered must
 * be right in the MLC as it is; then the notification of each object's latest change is delivered
 * and answered, and the contract of README "Master light curves" is checked: the MLC holds exactly the points of
 * each object's current valid generation; `combine` rebuilds the very same MLC; reconcile
 * rebuilt no MLC and finds nothing left to fix; no MLC write ever removed a segment whose
 * generation the bucket still held; nothing was answered 4xx but an invalid segment, and no
 * error was a 404 or 412 (a race is never a rejection).
 */
import { InvalidSegmentError, NotFoundError, OverloadedError, StoreUnavailableError } from "../../runtime/core/errors.js";
import { httpStatusOf } from "../../runtime/core/httpErrors.js";
import { parseLightCurveSegment } from "../../runtime/core/lightCurveSegment.js";
import { loadMasterLightCurve } from "../../runtime/core/loadMasterLightCurve.js";
import { emptyMasterLightCurve, type MasterLightCurve } from "../../runtime/core/masterLightCurve.js";
import { applySegmentUpdates } from "../../runtime/core/mergeSegment.js";
import { masterLightCurveName } from "../../runtime/core/objectNames.js";
import type { ObjectStore } from "../../runtime/core/store/objectStore.js";
import { applyChanges, type SegmentChange } from "../../runtime/combiner/applyChanges.js";
import type { RetryOptions } from "../../runtime/combiner/casRetry.js";
import { createMasterLightCurveCache } from "../../runtime/combiner/masterLightCurveCache.js";
import { rebuildMasterLightCurve } from "../../runtime/combiner/rebuildMasterLightCurve.js";
import { reconcileBucket, type ReconcileReport } from "../../runtime/combiner/reconcile.js";
import { TEST_PIC, testObjectName, testSegmentBytes } from "../runtime/core/testSegments.js";
import { memoryObjectStore, type MemoryObjectStore } from "./memoryObjectStore.js";
import { createScheduler, type Scheduler } from "./scheduler.js";

/** A tail of more than this many points rolls over into a chunk: a few segments do it. */
const TAIL_POINT_LIMIT = 4;
const OBJECTS = [1, 2, 3].map((n) => testObjectName(n));
const MLC = masterLightCurveName(TEST_PIC);
const NOW = "2026-12-06T00:00:00.000Z";

export interface ExploreResult {
  seed: number;
  /** Store calls in the schedule. */
  steps: number;
  /** Hash of the schedule trace: equal hashes, equal interleavings. */
  traceHash: string;
  /** The first broken promise, if any. */
  failure?: string;
}

type Version = { generation: string; valid: boolean } | { generation: string; deleted: true };

/** What the uploader did, which is the truth the checks compare with. */
interface UploadHistory {
  versions: Map<string, Version[]>;
  published: SegmentChange[];
  invalidGenerations: Set<string>;
}

interface Answer {
  actor: string;
  change: SegmentChange;
  status: number;
  error?: unknown;
}

export async function exploreSeed(seed: number): Promise<ExploreResult> {
  const bucket = memoryObjectStore();
  const scheduler = createScheduler(seed);
  const random = scheduler.random;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const history: UploadHistory = { versions: new Map(), published: [], invalidGenerations: new Set() };
  const violations: string[] = [];
  const answers: Answer[] = [];
  const reports: ReconcileReport[] = [];
  const watched = watchMlcWrites(bucket, history, violations);
  const retryFor = (actor: string): Partial<RetryOptions> => ({ random, sleep: () => scheduler.pause(actor) });
  const pauses = async (actor: string, most: number): Promise<void> => {
    for (let i = Math.floor(random() * (most + 1)); i > 0; i--) await scheduler.pause(actor);
  };

  const replica = (actor: string) => {
    const store = scheduler.storeFor(actor, watched);
    const cache = createMasterLightCurveCache();
    return async (changes: SegmentChange[]): Promise<void> => {
      try {
        const result = await applyChanges(store, TEST_PIC, changes, { cache, tailPointLimit: TAIL_POINT_LIMIT, retry: retryFor(actor), now: () => NOW });
        result.outcomes.forEach((outcome, i) => answers.push({ actor, change: changes[i]!, status: outcome.outcome === "invalid" ? httpStatusOf(outcome.error) : 200, error: outcome.outcome === "invalid" ? outcome.error : undefined }));
      } catch (error) {
        for (const change of changes) answers.push({ actor, change, status: httpStatusOf(error), error });
      }
    };
  };

  const replicaCount = 2 + Math.floor(random() * 2);
  const actors: Record<string, () => Promise<void>> = {
    uploader: () => upload(scheduler.storeFor("uploader", watched), scheduler, history),
    combine: async () => {
      await pauses("combine", 12);
      await rebuildMasterLightCurve(scheduler.storeFor("combine", watched), TEST_PIC, { retry: retryFor("combine"), tailPointLimit: TAIL_POINT_LIMIT }).catch(allowTransient);
    },
    reconcile: async () => {
      await pauses("reconcile", 12);
      const store = scheduler.storeFor("reconcile", watched);
      const report = await reconcileBucket(store, { chunkGraceMs: 0, now: () => bucket.clockMs + 1, retry: retryFor("reconcile") }).catch(allowTransient);
      if (report) reports.push(report);
    },
  };
  // combine and reconcile repair what the replicas got wrong: a world without them lets a wrong
  // answer stand until quiescence, where the checks see it.
  const mix = random();
  if (mix < 0.25) delete actors.combine;
  else if (mix < 0.5) delete actors.reconcile;
  else if (mix < 0.75) {
    delete actors.combine;
    delete actors.reconcile;
  }
  for (let r = 0; r < replicaCount; r++) {
    const actor = `replica${r}`;
    const apply = replica(actor);
    actors[actor] = async () => {
      let seen = 0;
      for (let batch = 1 + Math.floor(random() * 3); batch > 0; batch--) {
        await pauses(actor, 6);
        // Waits (boundedly) for a notification it has not seen: a subscriber idles until then.
        for (let wait = 0; wait < 30 && history.published.length === seen; wait++) await scheduler.pause(actor);
        if (history.published.length === 0) continue;
        seen = history.published.length;
        const changes = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
          // Mostly the newest notifications (Pub/Sub delivers soon after the change), sometimes any.
          const recent = history.published.slice(random() < 0.7 ? -2 : 0);
          const change = pick(recent);
          // A bare re-trigger carries no generation: "whatever the object holds now".
          return random() < 0.25 ? { ...change, generation: undefined } : change;
        });
        await apply(changes);
      }
    };
  }

  const fail = (failure: string): ExploreResult => ({ seed, steps: scheduler.trace.length, traceHash: scheduler.traceHash(), failure });
  const settledEarly: string[] = [];
  try {
    await scheduler.run(actors);
    const latest = [...history.versions].map(([object, versions]): SegmentChange => {
      const last = versions.at(-1)!;
      return "deleted" in last ? { object, generation: last.generation, eventType: "OBJECT_DELETE" } : { object, generation: last.generation, eventType: "OBJECT_FINALIZE" };
    });
    // Objects whose latest change's notification a replica already answered (200, or 422 for an
    // invalid segment) must be right now, before anything is delivered again.
    const answered = latest.filter((l) => answers.some((a) => a.status < 500 && a.change.object === l.object && a.change.generation === l.generation && a.change.eventType === l.eventType));
    settledEarly.push(...(await checkObjects(bucket, history, answered.map((l) => l.object), "once its latest change was answered")));
    // Quiescence: the notification of each object's latest change, answered (redelivered on 5xx).
    const final = replica("final");
    for (let attempt = 0; attempt < 4 && latest.length > 0; attempt++) {
      const before = answers.length;
      await scheduler.run({ final: () => final(latest) });
      if (answers.slice(before).every((a) => a.status < 500)) break;
    }
  } catch (error) {
    return fail(`${error instanceof Error ? error.message : String(error)}`);
  }
  const problems = [...violations, ...settledEarly, ...checkAnswers(answers, history), ...checkReports(reports), ...(await checkQuiescentState(bucket, history))];
  return problems.length > 0 ? fail(problems.join("\n")) : { seed, steps: scheduler.trace.length, traceHash: scheduler.traceHash() };
}

/** The uploader: a few creates, overwrites (valid or not), deletes and re-creates, each notified. */
async function upload(store: ObjectStore, scheduler: Scheduler, history: UploadHistory): Promise<void> {
  const random = scheduler.random;
  for (let step = 4 + Math.floor(random() * 4); step > 0; step--) {
    for (let i = Math.floor(random() * 3); i > 0; i--) await scheduler.pause("uploader");
    const object = OBJECTS[Math.floor(random() * OBJECTS.length)]!;
    const versions = history.versions.get(object) ?? [];
    history.versions.set(object, versions);
    const last = versions.at(-1);
    const exists = last !== undefined && !("deleted" in last);
    const roll = random();
    if (exists && roll < 0.35) {
      await store.delete(object);
      versions.push({ generation: last.generation, deleted: true });
      history.published.push({ object, generation: last.generation, eventType: "OBJECT_DELETE" });
      continue;
    }
    const valid = random() < 0.75;
    const { generation } = await store.put(object, Buffer.from(valid ? validSegment(random) : invalidSegment(random)));
    versions.push({ generation, valid });
    if (!valid) history.invalidGenerations.add(generation);
    history.published.push({ object, generation, eventType: "OBJECT_FINALIZE" });
    // A bucket without versioning notifies the overwritten generation's deletion too; the local
    // watcher does not: both happen.
    if (exists && random() < 0.5) history.published.push({ object, generation: last.generation, eventType: "OBJECT_DELETE" });
  }
}

function validSegment(random: () => number): string {
  return testSegmentBytes(Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({ offsetS: Math.floor(random() * 600), seed: Math.floor(random() * 100) })));
}

function invalidSegment(random: () => number): string {
  return random() < 0.5 ? "[]" : testSegmentBytes([{ offsetS: 5, seed: 1 }]).replace('"sig_r":0.01', '"sig_r":-1');
}

function allowTransient(error: unknown): undefined {
  if (error instanceof StoreUnavailableError || error instanceof OverloadedError) return undefined;
  throw error;
}

/** The bucket as the actors see it, checking every MLC write: none removes a segment whose generation is still stored. */
function watchMlcWrites(bucket: MemoryObjectStore, history: UploadHistory, violations: string[]): ObjectStore {
  const liveSegments = (bytes: Buffer | undefined): Map<string, string> => {
    if (!bytes) return new Map();
    const doc = JSON.parse(bytes.toString("utf8")) as { segments: { object: string; generation: string }[] };
    return new Map(doc.segments.map((s) => [s.object, s.generation]));
  };
  return {
    ...bucket,
    listAll: (prefix) => bucket.listAll(prefix),
    put: async (name, data, options) => {
      const before = name === MLC ? liveSegments(bucket.peek(name)?.data) : undefined;
      const written = await bucket.put(name, data, options);
      if (before) {
        const after = liveSegments(Buffer.from(data));
        for (const [object, generation] of before) {
          const stored = bucket.peek(object);
          if (after.get(object) !== generation && stored?.generation === generation && !history.invalidGenerations.has(generation)) {
            violations.push(`an MLC write removed ${object}@${generation}, which the bucket still holds`);
          }
        }
      }
      return written;
    },
  };
}

function checkAnswers(answers: readonly Answer[], history: UploadHistory): string[] {
  return answers.flatMap(({ actor, change, status, error }) => {
    const what = `${actor} answered ${status} to ${change.eventType} ${change.object}@${change.generation ?? "(current)"}`;
    if (status === 200) return [];
    if (status >= 500) return error instanceof StoreUnavailableError || error instanceof OverloadedError ? [] : [`${what}: ${String(error)}`];
    // A 4xx says the segment is bad for good: only a finalize of an invalid generation may get one.
    const invalid = change.eventType === "OBJECT_FINALIZE" && error instanceof InvalidSegmentError && (change.generation === undefined || history.invalidGenerations.has(change.generation));
    return invalid ? [] : [`${what} (a race reported as a rejection): ${String(error)}`];
  });
}

function checkReports(reports: readonly ReconcileReport[]): string[] {
  return reports.flatMap((report) => report.fixes.filter((fix) => fix.kind === "unreadable").map((fix) => `reconcile rebuilt a healthy MLC: ${fix.message}`));
}

/** The MLC that holds exactly each object's current valid generation. */
function expectedMasterLightCurve(bucket: MemoryObjectStore, history: UploadHistory): MasterLightCurve {
  const updates = [...history.versions].flatMap(([object, versions]) => {
    const last = versions.at(-1)!;
    if ("deleted" in last || !last.valid) return [];
    return [{ kind: "merge" as const, segment: parseLightCurveSegment(object, bucket.peek(object)!.data), generation: last.generation }];
  });
  return applySegmentUpdates(emptyMasterLightCurve(TEST_PIC, NOW), updates, { updated: NOW }).mlc;
}

/** The MLC's segments and points of `objects` only, against the uploads. */
async function checkObjects(bucket: MemoryObjectStore, history: UploadHistory, objects: readonly string[], when: string): Promise<string[]> {
  if (objects.length === 0) return [];
  const actual = await loadOrEmpty(bucket);
  if (typeof actual === "string") return [`the MLC cannot be read ${when}: ${actual}`];
  const only = (mlc: MasterLightCurve) => {
    const segments = mlc.segments.map((s, i) => [s, i] as const).filter(([s]) => objects.includes(s.object));
    const rows = mlc.points.time.flatMap((t, p) => (objects.includes(mlc.segments[mlc.points.segment[p]!]!.object) ? [[t, mlc.points.R[p], mlc.segments[mlc.points.segment[p]!]!.object]] : []));
    return JSON.stringify({ segments: segments.map(([s]) => [s.object, s.generation, s.points, s.median]), rows });
  };
  const [want, got] = [only(expectedMasterLightCurve(bucket, history)), only(actual)];
  return want === got ? [] : [`${when}, the MLC holds ${got} where the bucket holds ${want}`];
}

/** The MLC, and what `combine` and `reconcile` make of the quiet bucket, against the uploads. */
async function checkQuiescentState(bucket: MemoryObjectStore, history: UploadHistory): Promise<string[]> {
  const expected = expectedMasterLightCurve(bucket, history);
  const problems: string[] = [];
  const incremental = await loadOrEmpty(bucket);
  if (typeof incremental === "string") return [`the MLC cannot be read at quiescence: ${incremental}`];
  const difference = differs(expected, incremental);
  if (difference) problems.push(`at quiescence the MLC ${difference}`);
  const reconciled = await reconcileBucket(bucket, { chunkGraceMs: 0, now: () => bucket.clockMs + 1 });
  const left = reconciled.fixes.filter((fix) => fix.outcome !== "invalid");
  if (left.length > 0) problems.push(`reconcile still found something to fix at quiescence: ${JSON.stringify(left)}`);
  await rebuildMasterLightCurve(bucket, TEST_PIC, { tailPointLimit: TAIL_POINT_LIMIT });
  const rebuilt = await loadOrEmpty(bucket);
  const combineDifference = typeof rebuilt === "string" ? rebuilt : differs(expected, rebuilt);
  if (combineDifference) problems.push(`combine at quiescence: the MLC ${combineDifference}`);
  return problems;
}

async function loadOrEmpty(store: ObjectStore): Promise<MasterLightCurve | string> {
  try {
    return (await loadMasterLightCurve(store, TEST_PIC)).mlc;
  } catch (error) {
    if (error instanceof NotFoundError) return emptyMasterLightCurve(TEST_PIC, NOW);
    return error instanceof Error ? error.message : String(error);
  }
}

/** How `actual` differs from `expected` in segments or points, or undefined. */
function differs(expected: MasterLightCurve, actual: MasterLightCurve): string | undefined {
  const segments = (mlc: MasterLightCurve) => JSON.stringify(mlc.segments.map((s) => [s.object, s.generation, s.points, s.median]));
  if (segments(expected) !== segments(actual)) return `holds segments ${segments(actual)}, the bucket ${segments(expected)}`;
  const points = (mlc: MasterLightCurve) => JSON.stringify(mlc.points);
  if (points(expected) !== points(actual)) return `holds points ${points(actual)}, the bucket ${points(expected)}`;
  return undefined;
}
