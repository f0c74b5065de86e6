/**
 * infra/capacity.ts by itself (capacityConfig.test.ts checks it through resolveInfraConfig): machine
 * types it reads, GKE's CPU reservation tiers one by one, and the pool check at its boundary.
 * Reservation: https://cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes#cpu_reservations
 */
import { describe, expect, it } from "vitest";
import { allocatableCpuMillis, checkPoolCapacity, cpuMillis, machineVcpus, podsPerNode } from "../../infra/capacity.js";
import { InfraConfigError } from "../../infra/configValues.js";

describe("machineVcpus", () => {
  it("reads shared-core, custom and predefined types, and nothing from a name without a core count", () => {
    expect([machineVcpus("e2-micro"), machineVcpus("e2-small")]).toEqual([0.25, 0.5]);
    expect(machineVcpus("custom-4-8192")).toBe(4);
    expect(machineVcpus("n2-custom-8-65536-ext")).toBe(8);
    expect(machineVcpus("n2-highmem-16")).toBe(16);
    expect(machineVcpus("f1-micro-x")).toBeUndefined();
    expect(machineVcpus("standard")).toBeUndefined();
    expect(machineVcpus("n2-custom-16-65536")).toBe(16);
    // Text after the core count is not a machine type GKE knows.
    expect(machineVcpus("n2-custom-4-8192-foo")).toBeUndefined();
    expect(machineVcpus("e2-standard-4-foo")).toBeUndefined();
  });
});

describe("allocatableCpuMillis", () => {
  it("reserves 6% of the first core, 1% of the second, 0.5% of cores 3–4 and 0.25% above", () => {
    expect(allocatableCpuMillis(0.5)).toBe(470); // 500 − 30
    expect(allocatableCpuMillis(1)).toBe(940); // 1000 − 60
    expect(allocatableCpuMillis(3)).toBe(2925); // 3000 − 60 − 10 − 5
    expect(allocatableCpuMillis(16)).toBe(15_890); // 16000 − 60 − 10 − 10 − 12,000 × 0.25% = 30
  });
});

describe("cpuMillis and podsPerNode", () => {
  it("reads millicores and whole cores, and counts no pod where one does not fit", () => {
    expect(cpuMillis("250m")).toBe(250);
    expect(cpuMillis("2")).toBe(2000);
    expect(cpuMillis("0.5")).toBe(500);
    // e2-standard-4: 3,920m − 400m of system pods = 3,520m: three 1-core pods.
    expect(podsPerNode("e2-standard-4", "1")).toBe(3);
    expect(podsPerNode("e2-micro", "250m")).toBe(0);
    expect(podsPerNode("mystery", "250m")).toBeUndefined();
  });
});

describe("checkPoolCapacity", () => {
  // e2-standard-2: 1,930m − 400m = 1,530m per node.
  const pool = { machineType: "e2-standard-2", maxNodes: 2 };

  it("accepts workloads that fill the pool exactly, and any for a machine type it cannot read", () => {
    expect(() => checkPoolCapacity(pool, [{ replicasKey: "combiner:maxReplicas", replicas: 2, cpuRequest: "1530m" }])).not.toThrow();
    expect(() => checkPoolCapacity({ machineType: "mystery", maxNodes: 1 }, [{ replicasKey: "a:b", replicas: 1000, cpuRequest: "1" }])).not.toThrow();
  });

  it("refuses one millicore more, naming the first workload's key, every workload's demand and the nodes needed", () => {
    const refuse = () =>
      checkPoolCapacity(pool, [
        { replicasKey: "combiner:autoscale/combiner:replicas", replicas: 2, cpuRequest: "1000m" },
        { replicasKey: "analyzer:maxReplicas", replicas: 1, cpuRequest: "1061m" },
      ]);
    expect(refuse).toThrow(InfraConfigError);
    expect(refuse).toThrow(
      "combiner:autoscale/combiner:replicas = 2 pods × 1000m CPU + analyzer:maxReplicas = 1 pods × 1061m CPU needs 3061m CPU, " +
        "but cluster:maxNodes = 2 nodes of e2-standard-2 offer 3060m (1530m each after GKE's reservation and system pods); " +
        "raise cluster:maxNodes to 3 or lower the replicas",
    );
    const error = (() => {
      try {
        refuse();
      } catch (thrown) {
        return thrown as InfraConfigError;
      }
    })();
    expect(error?.key).toBe("combiner:autoscale");
    expect(error?.message).toMatch(/^config combiner:autoscale = "2" is invalid: /);
  });
});
