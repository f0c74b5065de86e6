/**
 * `piaa sizing`'s arithmetic against cases computed by hand (below each case), with the prod stack
 * as reference: e2-standard-4 nodes, minNodes 3, maxNodes 12, combiner replicas 3..12 at a 250m
 * CPU request, one App Engine instance kept warm. A pod of 250m: an e2-standard-4 offers 4,000m
 * minus GKE's reservation (60 + 10 + 2,000 × 0.5% = 80m) minus 400m of system pods = 3,520m,
 * so 14 combiner pods per node.
 */
import { describe, expect, it } from "vitest";
import { sizeSurvey } from "../../../runtime/sizing/surveySizing.js";
import { prod } from "../../../infra/stacks/prod.js";

describe("sizeSurvey", () => {
  it("10 units, 1,000 stars per field, 20 nights: 7 replicas on the 3 reference nodes, $460.38 a month", () => {
    // A field visit: 10 units × 2 cameras × 1,000 stars = 20,000 segments; 3 visits a night → 60,000;
    // × 20 nights → 1,200,000 a month. Peak: 20,000 / 300 s = 66.67/s; / 10.7 per replica = 6.23 → 7
    // replicas (≥ 3); 7 / 14 per node → 1 node, but at least minNodes 3.
    // Class A: 1,200,000 × (LC + PSC + MLC write) = 3,600,000; Class B: 1,200,000 × (3.42 − 1) = 2,904,000.
    // Cost: GKE 730 h × $0.10 = $73.00; nodes 3 × 730 h × $0.134012 = $293.486;
    // ops 3,600 × $0.005 + 2,904 × $0.0004 = $18 + $1.1616 = $19.1616;
    // bytes 1,200,000 × 73,400 B = 88.08e9 B = 82.031 GiB × ($0.000027397 × 730 = $0.0199998) = $1.6406;
    // Pub/Sub 1,200,000 × 2,000 B = 2.4e9 B = 0.0021828 TiB × $40 = $0.0873; App Engine 730 h × $0.10 = $73.00.
    // Total 73 + 293.486 + 19.1616 + 1.6406 + 0.0873 + 73 = $460.375.
    const s = sizeSurvey({ units: 10, starsPerField: 1000, nightsPerMonth: 20 });
    expect([s.segmentsPerNight, s.segmentsPerMonth]).toEqual([60_000, 1_200_000]);
    expect(s.peakSegmentsPerSecond).toBeCloseTo(66.667, 3);
    expect([s.combinerReplicas, s.nodes, s.beyondReference]).toEqual([7, 3, []]);
    expect(s.storage.classAPerMonth).toBe(3_600_000);
    expect(s.storage.classBPerMonth).toBeCloseTo(2_904_000, 6);
    expect(s.pubsubMessagesPerMonth).toBe(1_200_000);
    expect(s.costUsd.gke).toBeCloseTo(73, 6);
    expect(s.costUsd.nodes).toBeCloseTo(293.486, 3);
    expect(s.costUsd.storageOperations).toBeCloseTo(19.1616, 4);
    expect(s.costUsd.storageBytes).toBeCloseTo(1.6406, 4);
    expect(s.costUsd.pubsub).toBeCloseTo(0.0873, 4);
    expect(s.costUsd.appEngine).toBeCloseTo(73, 6);
    expect(s.costUsd.total).toBeCloseTo(460.375, 2);
  });

  it("1,000 units: 624 replicas on 45 nodes, beyond both prod ceilings, extra nodes paid for the nights only", () => {
    // Visit: 1,000 × 2 × 1,000 = 2,000,000 segments; peak 2,000,000 / 300 = 6,666.7/s; / 10.7 = 623.05 → 624
    // replicas; 624 / 14 = 44.57 → 45 nodes. Node-hours: 3 × 730 + (45 − 3) × 8 h × 20 nights = 2,190 + 6,720
    // = 8,910; × $0.134012 = $1,194.047.
    const s = sizeSurvey({ units: 1000, starsPerField: 1000, nightsPerMonth: 20 });
    expect([s.combinerReplicas, s.nodes]).toEqual([624, 45]);
    expect(s.beyondReference).toEqual(["combiner:maxReplicas 12 < 624", "cluster:maxNodes 12 < 45"]);
    expect(s.costUsd.nodes).toBeCloseTo(1194.047, 3);
  });

  it("keeps the reference floors for a tiny survey, and follows another reference's machine type", () => {
    // 1 unit, 10 stars, 1 night: visit 20 segments, peak 0.067/s → 1 replica by throughput, floor 3.
    const tiny = sizeSurvey({ units: 1, starsPerField: 10, nightsPerMonth: 1 });
    expect([tiny.segmentsPerMonth, tiny.combinerReplicas, tiny.nodes]).toEqual([60, 3, 3]);
    // On e2-standard-2 nodes: 2,000m − 70m reserved − 400m = 1,530m → 6 pods per node; 7 replicas → 2 nodes,
    // and a floor of 1 node. Peak 66.67/s as in the first case.
    const small = sizeSurvey({ units: 10, starsPerField: 1000, nightsPerMonth: 20 }, { ...prod, machineType: "e2-standard-2", minNodes: 1 });
    expect([small.combinerReplicas, small.nodes]).toEqual([7, 2]);
  });
});
