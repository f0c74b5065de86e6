/**
 * The program for the prod stack, run once under mocks, with autoscaling switched off:
 * combiner:autoscale=false and combiner:replicas=5 make a fixed Deployment of 5 and no HPA.
 * The run gets a temporary folder of its own, to see that the program leaves nothing in it.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { captureProgram, type PlannedResource } from "../../infra/plan/capturePlan.js";
import { input, ofType, resource } from "./planLookup.js";
import { checkCloudContractFixes } from "./cloudContractFixes.js";
import { checkStackPlan } from "./stackPlanChecks.js";
import { checkStackWiring } from "./stackWiringChecks.js";
import { runProgramOnce } from "./programRun.js";

let plan: PlannedResource[] = [];
let outputs: Record<string, unknown> = {};

let scratch = "";

runProgramOnce("prod", async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), "piaa-prod-plan-"));
  // os.tmpdir() reads TMPDIR: the program, in its child process, makes its proxy bundle in there.
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = scratch;
  try {
    ({ resources: plan, outputs } = await captureProgram({ stack: "prod", overrides: { "combiner:autoscale": "false", "combiner:replicas": "5" } }));
  } finally {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  }
});

afterAll(async () => {
  if (scratch !== "") await rm(scratch, { recursive: true, force: true });
});

checkStackPlan("prod", () => plan);
checkStackWiring("prod", () => plan);
checkCloudContractFixes("prod", () => ({ resources: plan, outputs }));

describe("prod plan: specifics", () => {
  it("leaves no temporary files behind: the proxy bundle's folder goes when the program exits", async () => {
    // tsx, which runs the program, keeps its compile cache there (tsx-<uid>): not the program's.
    expect((await readdir(scratch)).filter((entry) => !entry.startsWith("tsx-"))).toEqual([]);
  });

  it("fixes the combiner Deployment at 5 replicas and creates no HPA for it (the analyzer's is its own)", () => {
    expect(input(resource(plan, "kubernetes:apps/v1:Deployment", "combiner-deployment"), "spec.replicas")).toBe(5);
    expect(ofType(plan, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler").map((r) => r.name)).toEqual(["analyzer-hpa"]);
  });

  it("is regional with private nodes and protected from deletion", () => {
    const cluster = resource(plan, "gcp:container/cluster:Cluster", "gke-cluster");
    expect(cluster.inputs.location).toBe("us-central1");
    expect(cluster.inputs.privateClusterConfig).toMatchObject({ enablePrivateNodes: true });
    expect(cluster.inputs.deletionProtection).toBe(true);
    expect(input(resource(plan, "gcp:container/nodePool:NodePool", "gke-pool"), "autoscaling")).toMatchObject({
      totalMinNodeCount: 3,
      totalMaxNodeCount: 12,
    });
  });

  it("keeps proxy instances warm", () => {
    const version = resource(plan, "gcp:appengine/standardAppVersion:StandardAppVersion", "proxy-version");
    expect(input(version, "automaticScaling.standardSchedulerSettings.minInstances")).toBe(1);
  });
});
