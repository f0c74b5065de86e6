import { beforeAll, describe, expect, it } from "vitest";
import type { PolicyInputResource } from "../../../policies/evaluatePolicies.js";
import { evaluatePolicies } from "../../../policies/evaluatePolicies.js";
import { policyInputOf, stackPolicyConfig } from "../../../infra/plan/policyCommand.js";
import { capturePlan } from "../../../infra/plan/capturePlan.js";

/** The program's resources for a stack, as `piaa policy check --stack` sees them. */
async function stackResources(stack: "dev" | "prod"): Promise<PolicyInputResource[]> {
  return (await capturePlan({ stack })).map(policyInputOf);
}

describe("the PIAA program against its own policy pack", () => {
  const resources: Partial<Record<"dev" | "prod", PolicyInputResource[]>> = {};
  beforeAll(async () => {
    [resources.dev, resources.prod] = await Promise.all([stackResources("dev"), stackResources("prod")]);
  }, 180_000);

  it.each(["dev", "prod"] as const)("%s has no mandatory violation", async (stack) => {
    const violations = await evaluatePolicies(resources[stack]!, { config: await stackPolicyConfig(stack) });
    expect(violations.filter((v) => v.enforcement === "mandatory")).toEqual([]);
  });

  it("checks what matters: the dev cluster, held to prod's rules, is flagged for public nodes", async () => {
    const violations = await evaluatePolicies(resources.dev!, { config: await stackPolicyConfig("prod") });
    expect(violations.map((v) => v.policy)).toEqual(["gke-private-nodes"]);
  });

  it("sees the resources each area's policies are about", () => {
    const types = new Set(resources.prod!.map((r) => r.type));
    for (const type of [
      "gcp:storage/bucket:Bucket",
      "gcp:storage/notification:Notification",
      "gcp:pubsub/subscription:Subscription",
      "gcp:container/cluster:Cluster",
      "gcp:container/nodePool:NodePool",
      "kubernetes:apps/v1:Deployment",
      "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
      "kubernetes:core/v1:Service",
    ]) {
      expect(types).toContain(type);
    }
  });
});
