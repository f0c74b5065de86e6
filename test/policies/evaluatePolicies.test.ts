import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { evaluatePolicies, formatVerdicts, formatViolations, type PolicyInputResource } from "../../policies/evaluatePolicies.js";
import { piaaPolicies } from "../../policies/piaaPolicies.js";
import {
  bucket,
  cluster,
  deployment,
  goodStack,
  hpa,
  IMAGE,
  labels,
  nodePool,
  notification,
  publisherGrant,
  service,
  subscription,
  topic,
} from "./resourceFixtures.js";

/** The good stack with `replace` swapped in for the resource of the same name (or added). */
function stackWith(...replacements: PolicyInputResource[]): PolicyInputResource[] {
  const stack = goodStack().filter((r) => !replacements.some((x) => x.name === r.name));
  return [...stack, ...replacements];
}

async function violationsOf(resources: PolicyInputResource[], config = {}) {
  return evaluatePolicies(resources, { config });
}

describe("policy pack", () => {
  it("names every policy in kebab-case with a one-sentence description and an enforcement level", () => {
    for (const policy of piaaPolicies) {
      expect(policy.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
      expect(policy.description).toMatch(/^[A-Z].*\.$/);
      expect(policy.enforcementLevel).toBeDefined();
    }
    expect(new Set(piaaPolicies.map((p) => p.name)).size).toBe(piaaPolicies.length);
  });

  it("passes the well-formed stack, prod rules included", async () => {
    expect(await violationsOf(goodStack(), { "gke-private-nodes": { required: true } })).toEqual([]);
  });

  // One failing fixture per policy; the message names the resource and the fix.
  it.each([
    ["storage-uniform-bucket-level-access", [bucket({ uniformBucketLevelAccess: false })], /Bucket "piaa-data".*uniformBucketLevelAccess: true/],
    ["storage-public-access-prevention", [bucket({ publicAccessPrevention: "inherited" })], /Bucket "piaa-data".*publicAccessPrevention: "enforced"/],
    [
      "contract-no-public-principals",
      [{ type: "gcp:storage/bucketIAMMember:BucketIAMMember", name: "open", props: { bucket: "piaa-data", role: "roles/storage.objectViewer", member: "allUsers" } }],
      /BucketIAMMember "open" grants to public principal allUsers/,
    ],
    [
      "contract-no-public-principals",
      [{ type: "gcp:storage/bucketIAMBinding:BucketIAMBinding", name: "open-binding", props: { bucket: "b", role: "r", members: ["user:a@b.c", "allAuthenticatedUsers"] } }],
      /BucketIAMBinding "open-binding" grants to public principal allAuthenticatedUsers/,
    ],
    ["storage-data-bucket-versioning", [bucket({ versioning: { enabled: false } })], /Bucket "piaa-data" holds PANOPTES data but has no versioning/],
    ["pubsub-push-oidc-token", [subscription({ pushConfig: { pushEndpoint: "https://x" } })], /Subscription "piaa-notifications-push" pushes without authentication/],
    ["pubsub-dead-letter-policy", [subscription({ deadLetterPolicy: undefined })], /Subscription "piaa-notifications-push" has no dead-letter policy/],
    [
      "storage-notification-pull-dead-letter",
      [subscription({ pushConfig: undefined, deadLetterPolicy: undefined })],
      /Pull subscription "piaa-notifications-push" of a storage-notification topic has no dead-letter policy/,
    ],
    [
      "storage-notification-publisher-grant",
      [publisherGrant("serviceAccount:someone@panoptes-survey.iam.gserviceaccount.com")],
      /Notification "piaa-notifications-lc" targets topic .* GCS service agent may not publish/,
    ],
    ["storage-notification-publisher-grant", [notification([])], /does not depend on the publisher grant "piaa-notifications-gcs-publisher"/],
    ["gke-workload-identity", [cluster({ workloadIdentityConfig: undefined })], /Cluster "piaa-cluster" has Workload Identity off/],
    ["gke-no-legacy-abac", [cluster({ enableLegacyAbac: true })], /Cluster "piaa-cluster" enables legacy ABAC/],
    [
      "gke-no-default-node-service-account",
      [nodePool({ nodeConfig: { serviceAccount: "123-compute@developer.gserviceaccount.com", resourceLabels: labels } })],
      /NodePool "piaa-cluster-nodes" runs nodes as the default compute service account/,
    ],
    ["gke-node-pool-autoscaling", [nodePool({ autoscaling: { minNodeCount: 4, maxNodeCount: 2 } })], /autoscales from 4 to 2 nodes/],
    ["gke-node-pool-autoscaling", [nodePool({ autoscaling: undefined })], /NodePool "piaa-cluster-nodes" does not autoscale/],
    ["gke-node-auto-repair-upgrade", [nodePool({ management: { autoRepair: true } })], /has autoUpgrade off/],
    ["gke-private-nodes", [cluster({ privateClusterConfig: undefined })], /Cluster "piaa-cluster" gives nodes public IP addresses/],
    ["workload-resource-requests-limits", [deployment({ resources: { requests: { cpu: "1" } } })], /Deployment "piaa-combiner-deployment" container "combiner" lacks resources requests.memory, limits.cpu, limits.memory/],
    ["workload-probes", [deployment({ livenessProbe: undefined })], /container "combiner" has no livenessProbe/],
    ["workload-run-as-non-root", [deployment({ securityContext: {} })], /container "combiner" may run as root/],
    ["workload-no-privileged-or-host-path", [deployment({ securityContext: { runAsNonRoot: true, privileged: true } })], /container "combiner" is privileged/],
    ["workload-no-privileged-or-host-path", [deployment({}, {}, { volumes: [{ name: "docker", hostPath: { path: "/var/run" } }] })], /mounts hostPath volume "docker"/],
    ["workload-images-pinned-from-registry", [deployment({ image: "gcr.io/panoptes-survey/piaa:latest" })], /uses image "gcr.io\/panoptes-survey\/piaa:latest"/],
    ["workload-images-pinned-from-registry", [deployment({ image: IMAGE.replace("panoptes-survey", "someone-else") })], /pulls from project someone-else, not panoptes-survey/],
    ["workload-hpa-min-max", [hpa({ minReplicas: 8, maxReplicas: 4 })], /HorizontalPodAutoscaler "piaa-combiner-hpa" has minReplicas 8 > maxReplicas 4/],
    [
      "workload-hpa-external-metric-selector",
      [hpa({ metrics: [{ type: "External", external: { metric: { name: "pubsub.googleapis.com|subscription|num_undelivered_messages" }, target: { type: "AverageValue", averageValue: "300" } } }] })],
      /HorizontalPodAutoscaler "piaa-combiner-hpa" scales on External metric "pubsub.googleapis.com\|subscription\|num_undelivered_messages" without a selector/,
    ],
    ["workload-hpa-owns-replicas", [deployment({}, { replicas: 3 })], /Deployment "piaa-combiner-deployment" sets spec.replicas \(3\) but an HPA scales it/],
    ["workload-no-public-load-balancer", [service({})], /Service "piaa-combiner-service" is a public LoadBalancer/],
    ["labels-app-env", [{ ...topic(), props: { name: "t", labels: { app: "piaa" } } }], /Topic "piaa-notifications-topic" lacks label\(s\) env/],
    ["labels-app-env", [{ ...topic(), props: { name: "t", labels: { app: "piaa", env: "prod" } } }], /Resources disagree on the env label: dev \(\d+\), prod \(1\)/],
  ])("%s reports %s", async (policy, replacements, message) => {
    const config = { "gke-private-nodes": { required: true }, "workload-images-pinned-from-registry": { project: "panoptes-survey" } };
    const violations = await violationsOf(stackWith(...(replacements as PolicyInputResource[])), config);
    expect(violations.map((v) => v.policy)).toEqual([policy]);
    expect(violations[0]!.message).toMatch(message);
    expect(violations[0]!.enforcement).toBe("mandatory");
  });

  it("only requires private nodes where the stack config asks for it", async () => {
    expect(await violationsOf(stackWith(cluster({ privateClusterConfig: undefined })))).toEqual([]);
  });

  it("accepts a reviewed public LoadBalancer opt-out", async () => {
    const reviewed = service({ "piaa.panoptes.org/public-load-balancer-reviewed": "2026-11 security review #12" });
    expect(await violationsOf(stackWith(reviewed))).toEqual([]);
  });

  it("lets the pack config disable a policy or change its enforcement", async () => {
    const bad = stackWith(bucket({ versioning: undefined }));
    expect(await violationsOf(bad, { "storage-data-bucket-versioning": { enforcementLevel: "disabled" } })).toEqual([]);
    const advisory = await violationsOf(bad, { "storage-data-bucket-versioning": { enforcementLevel: "advisory" } });
    expect(advisory.map((v) => v.enforcement)).toEqual(["advisory"]);
  });

  it("finds one violation per fault in the file of deliberately bad resources", async () => {
    const file = path.resolve(__dirname, "../fixtures/policies/bad-resources.json");
    const resources = JSON.parse(readFileSync(file, "utf8")) as PolicyInputResource[];
    const violations = await violationsOf(resources);
    expect(violations.map((v) => [v.policy, v.resource]).sort()).toEqual(
      [
        ["contract-no-public-principals", "public-viewers"],
        ["workload-resource-requests-limits", "no-limits"],
        ["workload-no-public-load-balancer", "external-lb"],
        ["workload-images-pinned-from-registry", "latest-image"],
        ["workload-hpa-min-max", "inverted-hpa"],
      ].sort(),
    );
  });

  it("gives every policy a verdict line", async () => {
    const violations = await violationsOf(stackWith(bucket({ uniformBucketLevelAccess: false })));
    const text = formatVerdicts(piaaPolicies, violations);
    expect(text.split("\n").filter((line) => /^ {2}(pass|FAIL) /.test(line))).toHaveLength(piaaPolicies.length);
    expect(text).toContain("  FAIL  storage-uniform-bucket-level-access (mandatory): 1 violation\n          - Bucket \"piaa-data\"");
    expect(text).toContain("  pass  storage-public-access-prevention\n");
    expect(text).toMatch(new RegExp(`${piaaPolicies.length - 1} of ${piaaPolicies.length} policies pass\\.\\n$`));
  });

  it("groups violations by policy for people", async () => {
    const text = formatViolations(await violationsOf(stackWith(bucket({ uniformBucketLevelAccess: false, publicAccessPrevention: "inherited" }))));
    expect(text).toContain("storage-uniform-bucket-level-access (mandatory): 1 violation\n  - Bucket \"piaa-data\"");
    expect(text).toContain("2 violation(s), 2 mandatory.");
    expect(formatViolations([])).toBe("No policy violations.\n");
  });
});
