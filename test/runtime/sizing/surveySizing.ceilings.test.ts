/**
 * The prod ceilings (combiner:maxReplicas 12, cluster:maxNodes 12) are reached, not exceeded, at
 * exactly 12: only a survey that needs more is told to raise them. Worked as in surveySizing.test.ts
 * (14 combiner pods per e2-standard-4 node, 10.7 segments/s per replica, visits within 300 s).
 */
import { describe, expect, it } from "vitest";
import { sizeSurvey } from "../../../runtime/sizing/surveySizing.js";

describe("sizeSurvey at the prod ceilings", () => {
  it("names no ceiling for exactly 12 replicas, nor for exactly 12 nodes", () => {
    // 18 units × 2 × 1,000 = 36,000 segments a visit → 120/s → 11.2 → 12 replicas.
    const replicas = sizeSurvey({ units: 18, starsPerField: 1000, nightsPerMonth: 20 });
    expect([replicas.combinerReplicas, replicas.beyondReference]).toEqual([12, []]);
    // 250 × 2 × 1,000 = 500,000 → 1,666.7/s → 155.8 → 156 replicas → 156 / 14 = 11.1 → 12 nodes.
    const nodes = sizeSurvey({ units: 250, starsPerField: 1000, nightsPerMonth: 20 });
    expect([nodes.combinerReplicas, nodes.nodes]).toEqual([156, 12]);
    expect(nodes.beyondReference).toEqual(["combiner:maxReplicas 12 < 156"]);
  });
});
