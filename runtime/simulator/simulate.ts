/**
 * `simulate(options, store, progress?)`: one simulator run, callable in-process (`piaa start`
 * shows its progress) and from `piaa simulate`. Validates everything before the first upload,
 * continues whatever network the bucket already holds, and returns a summary with counts.
 */
import { lightCurveName, postageStampName } from "../core/objectNames.js";
import type { ObjectStore } from "../core/store/objectStore.js";
import { assertBucketWritable } from "../core/store/openBucket.js";
import { lightCurvePoints, serializeLightCurve } from "./lightCurve.js";
import { buildNetwork, readExistingNetwork } from "./network.js";
import { postageStampCube } from "./postageStamp.js";
import { randomStream } from "./random.js";
import { planSegments, type PlannedSegment } from "./schedule.js";
import { formatDay, resolveNights, resolveOptions, type SimulateOptions } from "./simulateOptions.js";
import { uploadAll, type GeneratedObject } from "./upload.js";

export interface SimulateSummary {
  bucket: string;
  dryRun: boolean;
  /** Network size after the run, and how many units this run added. */
  units: number;
  unitsAdded: number;
  network: { unit: string; cameras: string[]; site: string }[];
  firstNight: string;
  lastNight: string;
  nights: number;
  seed: string;
  stars: string[];
  segments: number;
  points: number;
  /** LC + PSC objects generated (uploaded + kept). */
  objects: number;
  uploaded: number;
  /** Objects that already existed and were left untouched. */
  kept: number;
  /** Bytes generated (dry run) or uploaded. */
  bytes: number;
  seconds: number;
}

export interface SimulateProgress {
  objectsDone: number;
  objectsTotal: number;
  bytes: number;
}

/** The LC and PSC objects of each segment, generated lazily in plan order. */
function* generateObjects(plan: readonly PlannedSegment[], seed: string): Generator<GeneratedObject> {
  for (const segment of plan) {
    const random = randomStream(seed, "segment", segment.unit, segment.camera, segment.start, segment.star.pic);
    const points = lightCurvePoints(segment, random);
    const { unit, camera, start } = segment;
    const pic = segment.star.pic;
    yield { name: lightCurveName({ pic, unit, camera, start }), data: serializeLightCurve(points), contentType: "application/json" };
    yield { name: postageStampName({ unit, camera, start, pic }), data: postageStampCube(segment, points, random), contentType: "application/fits" };
  }
}

export async function simulate(
  options: SimulateOptions,
  store: ObjectStore,
  progress: (progress: SimulateProgress) => void = () => {},
): Promise<SimulateSummary> {
  const began = performance.now();
  const resolved = resolveOptions(options);
  // Checked before the first upload; a dry run writes (and creates) nothing.
  if (!resolved.dryRun) await assertBucketWritable(store);
  const existing = await readExistingNetwork(store);
  const { firstDayS, nights } = resolveNights(resolved, existing.latestNightS);
  const network = buildNetwork(existing, resolved.units, resolved.seed);
  const plan = planSegments({ units: network, stars: resolved.stars, firstDayUnixS: firstDayS, nights, seed: resolved.seed });
  const objectsTotal = plan.length * 2;
  let objectsDone = 0;
  let bytes = 0;
  let uploaded = 0;
  let kept = 0;
  if (resolved.dryRun) {
    for (const object of generateObjects(plan, resolved.seed)) {
      bytes += object.data.length;
      progress({ objectsDone: ++objectsDone, objectsTotal, bytes });
    }
  } else {
    const tally = await uploadAll(store, generateObjects(plan, resolved.seed), resolved.concurrency, (_object, t) =>
      progress({ objectsDone: ++objectsDone, objectsTotal, bytes: t.bytes }),
    );
    ({ bytes, uploaded, kept } = tally);
  }
  return {
    bucket: store.url,
    dryRun: resolved.dryRun,
    units: network.length,
    unitsAdded: network.length - existing.cameras.size,
    network: network.map((u) => ({ unit: u.id, cameras: u.cameras, site: u.site.name })),
    firstNight: formatDay(firstDayS),
    lastNight: formatDay(firstDayS + (nights - 1) * 86_400),
    nights,
    seed: resolved.seed,
    stars: resolved.stars.map((s) => s.pic),
    segments: plan.length,
    points: plan.reduce((sum, segment) => sum + segment.timesUnixS.length, 0),
    objects: objectsTotal,
    uploaded,
    kept,
    bytes,
    seconds: Math.round((performance.now() - began) / 10) / 100,
  };
}
