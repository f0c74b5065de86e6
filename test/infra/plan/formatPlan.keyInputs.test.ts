/**
 * The key inputs `piaa plan` shows for each kind of resource the program makes: what an operator
 * reads to see what a resource is and how big it gets (a node pool's machine and its autoscaling
 * bounds, an HPA's replica range, a push subscription's endpoint, a Service's type), in
 * KEY_INPUTS' order. Each resource's inputs are shaped as the program gives them.
 */
import { describe, expect, it } from "vitest";
import { keyInputs } from "../../../infra/plan/formatPlan.js";
import type { PlannedResource } from "../../../infra/plan/plannedResource.js";

const planned = (type: string, inputs: Record<string, unknown>): PlannedResource => ({ type, name: "n", parent: null, inputs });

describe("keyInputs, per kind of resource", () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    [
      "gcp:container/nodePool:NodePool",
      { cluster: "gke-cluster", location: "us-central1-a", nodeConfig: { machineType: "e2-standard-4", spot: true }, autoscaling: { totalMinNodeCount: 1, totalMaxNodeCount: 3, locationPolicy: "BALANCED" } },
      ["location=us-central1-a", "nodeConfig.machineType=e2-standard-4", "autoscaling.totalMinNodeCount=1", "autoscaling.totalMaxNodeCount=3"],
    ],
    [
      "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
      { metadata: { name: "combiner", namespace: "piaa" }, spec: { minReplicas: 2, maxReplicas: 8, scaleTargetRef: { kind: "Deployment", name: "combiner" } } },
      ["metadata.namespace=piaa", "spec.minReplicas=2", "spec.maxReplicas=8"],
    ],
    ["kubernetes:core/v1:Service", { metadata: { namespace: "piaa" }, spec: { type: "LoadBalancer", ports: [{ port: 80 }] } }, ["metadata.namespace=piaa", "spec.type=LoadBalancer"]],
    ["gcp:pubsub/subscription:Subscription", { name: "events-push", topic: "events", pushConfig: { pushEndpoint: "https://proxy.example/pubsub/push" } }, ["name=events-push", "pushConfig.pushEndpoint=https://proxy.example/pubsub/push"]],
    ["gcp:appengine/standardAppVersion:StandardAppVersion", { service: "default", runtime: "nodejs24", versionId: "piaa-dev" }, ["service=default", "runtime=nodejs24"]],
    ["gcp:projects/iAMMember:IAMMember", { project: "p", role: "roles/logging.logWriter", member: "serviceAccount:a@p.iam.gserviceaccount.com" }, ["role=roles/logging.logWriter", "member=serviceAccount:a@p.iam.gserviceaccount.com"]],
  ])("%s", (type, inputs, expected) => {
    expect(keyInputs(planned(type, inputs))).toEqual(expected);
  });
});
