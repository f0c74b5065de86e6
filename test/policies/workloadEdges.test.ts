/**
 * The edges of the workload policies that the one-bad-resource-per-policy table in
 * evaluatePolicies.test.ts does not pin down: other workload kinds, init containers (checked
 * for everything but probes), pod-level security context, images without a project to compare,
 * External metrics selected by expression, and which Deployments an HPA owns.
 */
import { describe, expect, it } from "vitest";
import { evaluatePolicies, type PolicyInputResource, type PolicyPackConfig } from "../../policies/evaluatePolicies.js";
import { container, deployment, hpa, IMAGE } from "./resourceFixtures.js";

const violationsOf = async (resources: PolicyInputResource[], config: PolicyPackConfig = {}) =>
  (await evaluatePolicies(resources, { config })).map((v) => [v.policy, v.message] as const);

/** The fixture Deployment as another workload kind. */
const asKind = (kind: "StatefulSet" | "DaemonSet", workload = deployment()): PolicyInputResource => ({ ...workload, type: `kubernetes:apps/v1:${kind}`, name: `piaa-${kind.toLowerCase()}` });

describe("pod spec policies across workload kinds and containers", () => {
  it.each(["StatefulSet", "DaemonSet"] as const)("checks a %s and names it by its kind", async (kind) => {
    expect(await violationsOf([asKind(kind)])).toEqual([]);
    expect(await violationsOf([asKind(kind, deployment({ securityContext: {} }))])).toEqual([
      ["workload-run-as-non-root", `${kind} "piaa-${kind.toLowerCase()}" container "combiner" may run as root; set securityContext.runAsNonRoot: true.`],
    ]);
  });

  it("leaves other resource types with a pod template alone", async () => {
    expect(await violationsOf([{ ...deployment({ securityContext: {}, image: "busybox" }), type: "kubernetes:batch/v1:Job" }])).toEqual([]);
  });

  it("checks init containers for resources, root, privilege and image, but not for probes", async () => {
    const init = { name: "migrate", image: "busybox", securityContext: { privileged: true } };
    expect(await violationsOf([deployment({}, {}, { initContainers: [init] })])).toEqual([
      ["workload-resource-requests-limits", 'Deployment "piaa-combiner-deployment" container "migrate" lacks resources requests.cpu, requests.memory, limits.cpu, limits.memory; set them.'],
      ["workload-run-as-non-root", 'Deployment "piaa-combiner-deployment" container "migrate" may run as root; set securityContext.runAsNonRoot: true.'],
      ["workload-no-privileged-or-host-path", 'Deployment "piaa-combiner-deployment" container "migrate" is privileged; remove securityContext.privileged.'],
      [
        "workload-images-pinned-from-registry",
        'Deployment "piaa-combiner-deployment" container "migrate" uses image "busybox"; use <region>-docker.pkg.dev/<project>/<repo>/<image>@sha256:<digest>.',
      ],
    ]);
  });

  it("names both probes when both are missing", async () => {
    expect(await violationsOf([deployment({ readinessProbe: undefined, livenessProbe: undefined })])).toEqual([
      ["workload-probes", 'Deployment "piaa-combiner-deployment" container "combiner" has no readinessProbe or livenessProbe; add them.'],
    ]);
  });

  it("takes runAsNonRoot from the pod unless the container overrides it", async () => {
    const podNonRoot = { securityContext: { runAsNonRoot: true } };
    expect(await violationsOf([deployment({ securityContext: {} }, {}, podNonRoot)])).toEqual([]);
    expect(await violationsOf([deployment({ securityContext: { runAsNonRoot: false } }, {}, podNonRoot)]).then((v) => v.map(([policy]) => policy))).toEqual([
      "workload-run-as-non-root",
    ]);
  });

  it("judges a container with no securityContext of its own by the pod's (a common shape)", async () => {
    // As the program's JSON carries it: no key at all, not a key set to undefined.
    const bare = (podSpec: Record<string, unknown> = {}) => JSON.parse(JSON.stringify(deployment({ securityContext: undefined }, {}, podSpec))) as PolicyInputResource;
    expect(JSON.stringify(bare())).not.toContain('"securityContext"');
    expect(await violationsOf([bare({ securityContext: { runAsNonRoot: true } })])).toEqual([]);
    expect(await violationsOf([bare()])).toEqual([
      ["workload-run-as-non-root", 'Deployment "piaa-combiner-deployment" container "combiner" may run as root; set securityContext.runAsNonRoot: true.'],
    ]);
  });

  it("reports each hostPath volume by name and leaves other volumes alone", async () => {
    const volumes = [{ name: "scratch", emptyDir: {} }, { name: "docker", hostPath: { path: "/var/run" } }];
    expect(await violationsOf([deployment({}, {}, { volumes })])).toEqual([
      ["workload-no-privileged-or-host-path", 'Deployment "piaa-combiner-deployment" mounts hostPath volume "docker"; use an emptyDir or a persistent volume.'],
    ]);
  });

  it("accepts any project's pinned image when no project is configured, and names both projects when one is", async () => {
    const foreign = IMAGE.replace("panoptes-survey", "someone-else");
    expect(await violationsOf([deployment({ image: foreign })])).toEqual([]);
    expect(await violationsOf([deployment({ image: foreign })], { "workload-images-pinned-from-registry": { project: "panoptes-survey" } })).toEqual([
      [
        "workload-images-pinned-from-registry",
        'Deployment "piaa-combiner-deployment" container "combiner" pulls from project someone-else, not panoptes-survey; push the image to this project\'s Artifact Registry.',
      ],
    ]);
    expect(await violationsOf([deployment({ image: IMAGE.replace(/@sha256:.*/, ":v1") })]).then((v) => v.map(([policy]) => policy))).toEqual(["workload-images-pinned-from-registry"]);
  });

  it("names a container's missing resources only", async () => {
    const resources = { requests: { cpu: "250m", memory: "256Mi" }, limits: { memory: "512Mi" } };
    expect(await violationsOf([deployment({ resources })])).toEqual([
      ["workload-resource-requests-limits", 'Deployment "piaa-combiner-deployment" container "combiner" lacks resources limits.cpu; set them.'],
    ]);
    expect(await violationsOf([deployment({}, {}, { containers: [container(), container({ name: "sidecar" })] })])).toEqual([]);
  });
});

describe("HPA policies", () => {
  const external = (selector: unknown) => ({
    type: "External",
    external: { metric: { name: "pubsub.googleapis.com|subscription|num_undelivered_messages", selector }, target: { type: "AverageValue", averageValue: "300" } },
  });

  it("takes an External metric selected by expression, and asks nothing of Resource metrics", async () => {
    const byExpression = { matchExpressions: [{ key: "resource.labels.subscription_id", operator: "In", values: ["piaa-push"] }] };
    expect(await violationsOf([hpa({ metrics: [external(byExpression)] })])).toEqual([]);
    expect(await violationsOf([hpa({ metrics: [{ type: "Resource", resource: { name: "cpu" } }] })])).toEqual([]);
    expect(await violationsOf([hpa({ metrics: undefined })])).toEqual([]);
    expect(await violationsOf([hpa({ metrics: [external({ matchLabels: {}, matchExpressions: [] })] })]).then((v) => v.map(([policy]) => policy))).toEqual([
      "workload-hpa-external-metric-selector",
    ]);
  });

  it("owns the replicas only of the Deployment it targets by name", async () => {
    const replicated = deployment({}, { replicas: 3 });
    expect(await violationsOf([hpa(), replicated])).toEqual([
      ["workload-hpa-owns-replicas", 'Deployment "piaa-combiner-deployment" sets spec.replicas (3) but an HPA scales it; remove spec.replicas.'],
    ]);
    const otherTarget = hpa({ scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "analyzer" } });
    expect(await violationsOf([otherTarget, replicated])).toEqual([]);
    const statefulTarget = hpa({ scaleTargetRef: { apiVersion: "apps/v1", kind: "StatefulSet", name: "combiner" } });
    expect(await violationsOf([statefulTarget, replicated])).toEqual([]);
    expect(await violationsOf([replicated])).toEqual([]);
  });
});
