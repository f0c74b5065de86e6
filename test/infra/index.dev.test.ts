/**
 * The program for the dev stack, run once under mocks (capturePlan runs it in a child process:
 * Pulumi's state is global). combiner:replicas=5 makes the HPA floor 5; combiner:backlogPerReplica=300
 * adds the subscription backlog to its metrics.
 */
import { describe, expect, it } from "vitest";
import { captureProgram, type PlannedResource } from "../../infra/plan/capturePlan.js";
import { input, ofType, resource } from "./planLookup.js";
import { checkCloudContractFixes } from "./cloudContractFixes.js";
import { checkStackPlan } from "./stackPlanChecks.js";
import { checkStackWiring } from "./stackWiringChecks.js";
import { runProgramOnce } from "./programRun.js";

let plan: PlannedResource[] = [];
let outputs: Record<string, unknown> = {};

runProgramOnce("dev", async () => {
  ({ resources: plan, outputs } = await captureProgram({ stack: "dev", overrides: { "combiner:replicas": "5", "combiner:maxReplicas": "8", "combiner:backlogPerReplica": "300" } }));
});

checkStackPlan("dev", () => plan);
checkStackWiring("dev", () => plan);
checkCloudContractFixes("dev", () => ({ resources: plan, outputs }));

describe("dev plan: stack outputs", () => {
  it("exports bucket, proxy URL, cluster, kubeconfig (secret), image digest, combiner address and the OCN token's secret name", () => {
    expect(outputs).toMatchObject({
      bucketName: "piaa-plan-dev-piaa-dev",
      proxyUrl: "https://piaa-plan-dev.uc.r.appspot.com",
      clusterName: expect.stringMatching(/^gke-cluster/),
      kubeconfig: "[secret]",
      imageDigest: expect.stringMatching(/^us-central1-docker\.pkg\.dev\/piaa-plan-dev\/piaa-dev\/combiner@sha256:[0-9a-f]{64}$/),
      combinerAddress: "10.10.0.50",
      ocnChannelTokenSecret: "projects/piaa-plan-dev/secrets/piaa-dev-ocn-channel-token/versions/1",
    });
  });
});

describe("dev plan: specifics", () => {
  it("hands the replica count to the HPA: minReplicas 5, no Deployment spec.replicas", () => {
    expect(input(resource(plan, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "combiner-hpa"), "spec")).toMatchObject({
      minReplicas: 5,
      maxReplicas: 8,
      scaleTargetRef: { kind: "Deployment", name: "combiner" },
    });
    expect(input(resource(plan, "kubernetes:apps/v1:Deployment", "combiner-deployment"), "spec.replicas")).toBeUndefined();
  });

  it("scales the combiner on CPU and on the push subscription's backlog, read by the metrics adapter as monitoring.viewer", () => {
    const metrics = input(resource(plan, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "combiner-hpa"), "spec.metrics") as unknown[];
    expect(metrics).toEqual([
      { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: expect.any(Number) } } },
      {
        type: "External",
        external: {
          metric: { name: "pubsub.googleapis.com|subscription|num_undelivered_messages", selector: { matchLabels: { "resource.labels.subscription_id": expect.stringMatching(/^events-push/) } } },
          target: { type: "AverageValue", averageValue: "300" },
        },
      },
    ]);
    expect(resource(plan, "gcp:serviceaccount/account:Account", "combiner-autoscaler-adapter-gsa").inputs.accountId).toMatch(/^metrics-adapter-dev/);
    const viewer = resource(plan, "gcp:projects/iAMMember:IAMMember", "combiner-autoscaler-monitoring-viewer");
    expect(viewer.inputs).toMatchObject({ project: "piaa-plan-dev", role: "roles/monitoring.viewer", member: expect.stringMatching(/^serviceAccount:metrics-adapter-dev.*@piaa-plan-dev\.iam\.gserviceaccount\.com$/) });
    expect(resource(plan, "gcp:serviceaccount/iAMMember:IAMMember", "combiner-autoscaler-adapter-workload-identity").inputs).toMatchObject({
      role: "roles/iam.workloadIdentityUser",
      member: "serviceAccount:piaa-plan-dev.svc.id.goog[custom-metrics/custom-metrics-stackdriver-adapter]",
    });
  });

  it("is zonal, public-node, cheap and destroyable", () => {
    const cluster = resource(plan, "gcp:container/cluster:Cluster", "gke-cluster");
    expect(cluster.inputs.location).toBe("us-central1-a");
    expect(cluster.inputs.privateClusterConfig).toBeUndefined();
    expect(cluster.inputs.deletionProtection).toBe(false);
    expect(input(resource(plan, "gcp:container/nodePool:NodePool", "gke-pool"), "nodeConfig.spot")).toBe(true);
  });

  it("creates the App Engine application in the App Engine location of the region", () => {
    expect(ofType(plan, "gcp:appengine/application:Application").map((r) => r.inputs.locationId)).toEqual(["us-central"]);
  });
});
