import { describe, expect, it } from "vitest";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { Service } from "kubernetes-models/v1/Service";
import {
  BACKLOG_METRIC,
  INTERNAL_LOAD_BALANCER,
  combinerDeployment,
  combinerHorizontalPodAutoscaler,
  combinerPodDisruptionBudget,
  combinerService,
  type CombinerWorkload,
} from "../../../infra/components/combinerManifests.js";

const workload: CombinerWorkload = {
  name: "combiner",
  namespace: "piaa",
  image: "us-central1-docker.pkg.dev/p/piaa-dev/combiner@sha256:" + "a".repeat(64),
  serviceAccountName: "combiner",
  tokenSecretName: "combiner-token",
  bucketUrl: "gs://bucket",
  replicas: 5,
  maxReplicas: 8,
  autoscale: true,
  targetCpuPercent: 60,
};

// Plain JSON, as the manifests are sent to the API server.
const plain = <T>(value: T): Record<string, unknown> => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

describe("combiner manifests", () => {
  it("validate against the Kubernetes OpenAPI schema", () => {
    expect(() => new Deployment(plain(combinerDeployment(workload)) as never).validate()).not.toThrow();
    expect(() => new HorizontalPodAutoscaler(plain(combinerHorizontalPodAutoscaler(workload)) as never).validate()).not.toThrow();
    expect(() => new PodDisruptionBudget(plain(combinerPodDisruptionBudget(workload)) as never).validate()).not.toThrow();
    expect(() => new Service(plain(combinerService(workload)) as never).validate()).not.toThrow();
  });

  it("adds the subscription backlog as an External metric that validates against the schema", () => {
    const hpa = plain(combinerHorizontalPodAutoscaler(workload, { subscriptionId: "events-push-1234", messagesPerReplica: 300 }));
    expect(() => new HorizontalPodAutoscaler(hpa as never).validate()).not.toThrow();
    expect((hpa as { spec: { metrics: unknown[] } }).spec.metrics[1]).toEqual({
      type: "External",
      external: {
        metric: { name: BACKLOG_METRIC, selector: { matchLabels: { "resource.labels.subscription_id": "events-push-1234" } } },
        target: { type: "AverageValue", averageValue: "300" },
      },
    });
    expect((plain(combinerHorizontalPodAutoscaler(workload)) as { spec: { metrics: unknown[] } }).spec.metrics).toHaveLength(1);
  });

  it("the schema check has teeth: a wrong field type fails", () => {
    const broken = plain(combinerDeployment(workload)) as { spec: { replicas?: unknown } };
    broken.spec.replicas = "five";
    expect(() => new Deployment(broken as never).validate()).toThrow();
  });

  it("leaves spec.replicas to the HPA when autoscaling, and sets it when not", () => {
    expect(plain(combinerDeployment(workload)).spec).not.toHaveProperty("replicas");
    expect(plain(combinerHorizontalPodAutoscaler(workload)).spec).toMatchObject({ minReplicas: 5, maxReplicas: 8 });
    expect(plain(combinerDeployment({ ...workload, autoscale: false })).spec).toMatchObject({ replicas: 5 });
  });

  it("runs non-root on a read-only root filesystem with probes and limits", () => {
    const deployment = plain(combinerDeployment(workload)) as { spec: { template: { spec: unknown } } };
    const pod = deployment.spec.template.spec as {
      securityContext: { runAsNonRoot: boolean };
      containers: { securityContext: { readOnlyRootFilesystem: boolean }; livenessProbe: unknown; readinessProbe: unknown; startupProbe: unknown; resources: { limits: unknown } }[];
    };
    const container = pod.containers[0];
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(container?.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(container?.livenessProbe).toMatchObject({ httpGet: { path: "/healthz" } });
    // The bucket check (/readyz) gates start only; readiness must not fail every pod on one GCS blip.
    expect(container?.startupProbe).toMatchObject({ httpGet: { path: "/readyz" } });
    expect(container?.readinessProbe).toMatchObject({ httpGet: { path: "/healthz" } });
    expect(container?.resources.limits).toBeDefined();
  });

  it("exposes the combiner on an internal load balancer only", () => {
    const service = plain(combinerService(workload)) as { metadata: { annotations: unknown }; spec: { type: string } };
    expect(service.spec.type).toBe("LoadBalancer");
    expect(service.metadata.annotations).toEqual(INTERNAL_LOAD_BALANCER);
  });
});
