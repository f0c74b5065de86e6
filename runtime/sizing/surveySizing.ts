/**
 * The arithmetic of `piaa sizing`: from a survey's shape (units, stars per field, clear nights a
 * month) to segments per night and at the peak, combiner replicas and nodes, Cloud Storage
 * operations and bytes, Pub/Sub messages, and a monthly cost per service at list prices
 * (listPrices.ts), with the prod stack (infra/stacks/prod.ts) as the reference deployment and the
 * per-replica figures `npm run bench -- gcs` measured (measuredCombiner.ts). Plain numbers in,
 * plain numbers out; the assumptions below are named so a reader can change them.
 */
import { podsPerNode } from "../../infra/capacity.js";
import { COMBINER_RESOURCES } from "../../infra/components/combinerManifests.js";
import { prod } from "../../infra/stacks/prod.js";
import type { StackProfile } from "../../infra/stacks/profile.js";
import { CAMERAS_PER_UNIT } from "../simulator/network.js";
import { LIST_PRICES } from "./listPrices.js";
import { MEASURED_COMBINER } from "./measuredCombiner.js";

/** Survey assumptions that no measurement here fixes; each is an input to the arithmetic. */
export const SURVEY_ASSUMPTIONS = {
  /** Fields each camera observes in a night (a field visit is a segment of ≥ 1,000 s, runtime/simulator/schedule.ts). */
  fieldsPerCameraNight: 3,
  /** Hours of observing in a night: replicas and extra nodes run this long. */
  nightHours: 8,
  /** A field visit's segments reach the bucket within this many seconds of each other, every unit at once (the worst case). */
  peakSpreadS: 300,
  /** LC + PSC bytes of one segment: `npm run bench -- simulator`, 6.9 MB for 94 segments (bench/README.md). */
  bytesPerSegment: 73_400,
  /** A notification is billed as at least 1,000 bytes, once published and once delivered. */
  billedBytesPerNotification: 2 * 1000,
  /** Objects a unit uploads per segment (LC and PSC): Class A each. */
  uploadsPerSegment: 2,
} as const;

export const DEFAULT_STARS_PER_FIELD = 1000;
export const DEFAULT_NIGHTS_PER_MONTH = 20;
const HOURS_PER_MONTH = 730;
const GIB = 1024 ** 3;
const TIB = 1024 ** 4;

export interface SurveyShape {
  units: number;
  starsPerField: number;
  nightsPerMonth: number;
}

export interface MonthlyCostUsd {
  gke: number;
  nodes: number;
  storageOperations: number;
  storageBytes: number;
  pubsub: number;
  appEngine: number;
  total: number;
}

export interface SurveySizing {
  survey: SurveyShape;
  segmentsPerNight: number;
  segmentsPerMonth: number;
  peakSegmentsPerSecond: number;
  /** At least the reference floor (prod combinerReplicas). */
  combinerReplicas: number;
  /** Nodes of the reference machine type at the peak, at least the reference floor (prod minNodes). */
  nodes: number;
  /** Replicas or nodes beyond the reference ceilings (prod combinerMaxReplicas, maxNodes): config to raise. */
  beyondReference: string[];
  storage: { classAPerMonth: number; classBPerMonth: number; bytesPerMonth: number };
  pubsubMessagesPerMonth: number;
  costUsd: MonthlyCostUsd;
}

export function sizeSurvey(survey: SurveyShape, reference: StackProfile = prod): SurveySizing {
  const a = SURVEY_ASSUMPTIONS;
  const segmentsPerVisit = survey.units * CAMERAS_PER_UNIT * survey.starsPerField;
  const segmentsPerNight = segmentsPerVisit * a.fieldsPerCameraNight;
  const segmentsPerMonth = segmentsPerNight * survey.nightsPerMonth;
  const peakSegmentsPerSecond = segmentsPerVisit / a.peakSpreadS;
  const combinerReplicas = Math.max(reference.combinerReplicas, Math.ceil(peakSegmentsPerSecond / MEASURED_COMBINER.segmentsPerSecondPerReplica));
  const perNode = podsPerNode(reference.machineType, COMBINER_RESOURCES.requests.cpu) ?? 1;
  const nodes = Math.max(reference.minNodes, Math.ceil(combinerReplicas / perNode));
  const beyondReference = [
    ...(combinerReplicas > reference.combinerMaxReplicas ? [`combiner:maxReplicas ${reference.combinerMaxReplicas} < ${combinerReplicas}`] : []),
    ...(nodes > reference.maxNodes ? [`cluster:maxNodes ${reference.maxNodes} < ${nodes}`] : []),
  ];

  // Per segment: the unit's uploads and the combiner's MLC write are Class A; its other requests reads (Class B).
  const classAPerMonth = segmentsPerMonth * (a.uploadsPerSegment + 1);
  const classBPerMonth = segmentsPerMonth * (MEASURED_COMBINER.storageRequestsPerNotification - 1);
  const bytesPerMonth = segmentsPerMonth * a.bytesPerSegment;
  const p = LIST_PRICES;
  const extraNodeHours = (nodes - reference.minNodes) * a.nightHours * survey.nightsPerMonth;
  const cost = {
    gke: HOURS_PER_MONTH * p.gkeClusterHour.usd,
    nodes: (reference.minNodes * HOURS_PER_MONTH + extraNodeHours) * p.nodeHour.usd,
    storageOperations: (classAPerMonth / 1000) * p.storageClassA.usd + (classBPerMonth / 1000) * p.storageClassB.usd,
    storageBytes: (bytesPerMonth / GIB) * p.storageGibMonth.usd,
    pubsub: ((segmentsPerMonth * a.billedBytesPerNotification) / TIB) * p.pubsubTib.usd,
    appEngine: reference.proxyMinInstances * HOURS_PER_MONTH * p.appEngineF2Hour.usd,
  };
  const total = Object.values(cost).reduce((sum, usd) => sum + usd, 0);
  return {
    survey,
    segmentsPerNight,
    segmentsPerMonth,
    peakSegmentsPerSecond,
    combinerReplicas,
    nodes,
    beyondReference,
    storage: { classAPerMonth, classBPerMonth, bytesPerMonth },
    pubsubMessagesPerMonth: segmentsPerMonth,
    costUsd: { ...cost, total },
  };
}
