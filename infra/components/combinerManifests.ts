/**
 * The combiner's Kubernetes manifests as plain data (design §5, §6), built by pure functions so
 * they can be validated against the Kubernetes schema without a cluster. When the HPA owns the
 * replica count the Deployment carries no `spec.replicas`: with both set, every `pulumi up`
 * would reset what the autoscaler chose (and server-side apply reports a field conflict).
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";

export interface CombinerWorkload {
  /** Name of the Deployment, Service, HPA and PDB. */
  name: string;
  namespace: string;
  /** Image reference, ideally `<image>@sha256:<digest>` so a new image rolls out. */
  image: pulumi.Input<string>;
  /** Kubernetes service account bound to the Google service account. */
  serviceAccountName: string;
  /** Secret holding the bearer token under the key `token`. */
  tokenSecretName: string;
  /** `gs://<bucket>` the combiner serves. */
  bucketUrl: pulumi.Input<string>;
  /** HPA floor, or the fixed replica count when `autoscale` is false. */
  replicas: number;
  /** HPA ceiling. */
  maxReplicas: number;
  /** An HPA owns the replica count. */
  autoscale: boolean;
  /** HPA target: average CPU utilisation, percent of the request. */
  targetCpuPercent: number;
}

/** Port the combiner listens on inside the pod (runtime/combiner/config.ts DEFAULT_PORT). */
export const COMBINER_PORT = 8080;
/** Requests sized for one coalescing worker; the CPU request is what the HPA target is relative to. */
export const COMBINER_RESOURCES = {
  requests: { cpu: "250m", memory: "256Mi" },
  limits: { cpu: "1", memory: "512Mi" },
};
/** Kubernetes' default grace period; the combiner drains within 25 s (PIAA_COMBINER_DRAIN_TIMEOUT_MS). */
const TERMINATION_GRACE_SECONDS = 30;
/** Annotation that makes GKE provision an internal passthrough Network Load Balancer. */
export const INTERNAL_LOAD_BALANCER = { "networking.gke.io/load-balancer-type": "Internal" };

export function combinerLabels(workload: CombinerWorkload): Record<string, string> {
  return { "app.kubernetes.io/name": workload.name, "app.kubernetes.io/part-of": "piaa" };
}

function metadata(workload: CombinerWorkload, name = workload.name): k8s.types.input.meta.v1.ObjectMeta {
  return { name, namespace: workload.namespace, labels: combinerLabels(workload) };
}

export function combinerDeployment(workload: CombinerWorkload): k8s.types.input.apps.v1.Deployment {
  const labels = combinerLabels(workload);
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: metadata(workload),
    spec: {
      ...(workload.autoscale ? {} : { replicas: workload.replicas }),
      selector: { matchLabels: labels },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: workload.serviceAccountName,
          terminationGracePeriodSeconds: TERMINATION_GRACE_SECONDS,
          securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } },
          containers: [
            {
              name: "combiner",
              image: workload.image,
              ports: [{ name: "http", containerPort: COMBINER_PORT }],
              env: [
                { name: "PIAA_BUCKET", value: workload.bucketUrl },
                { name: "PORT", value: String(COMBINER_PORT) },
                { name: "LOG_LEVEL", value: "info" },
                { name: "PIAA_COMBINER_TOKEN", valueFrom: { secretKeyRef: { name: workload.tokenSecretName, key: "token" } } },
              ],
              // /readyz lists the bucket: checked once at start (a pod whose bucket is unreachable
              // never takes traffic), not every few seconds, where one GCS blip would take every
              // pod out of the load balancer at once (issue 15, item 12). After start a storage
              // error fails only the request (503, and Pub/Sub redelivers). Kubernetes runs
              // neither liveness nor readiness until the startup probe succeeded
              // (https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/).
              startupProbe: { httpGet: { path: "/readyz", port: "http" }, periodSeconds: 5, failureThreshold: 24 },
              readinessProbe: { httpGet: { path: "/healthz", port: "http" }, periodSeconds: 5, failureThreshold: 2 },
              livenessProbe: { httpGet: { path: "/healthz", port: "http" }, initialDelaySeconds: 10, periodSeconds: 10, failureThreshold: 3 },
              resources: COMBINER_RESOURCES,
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ["ALL"] },
              },
              volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
            },
          ],
          volumes: [{ name: "tmp", emptyDir: {} }],
        },
      },
    },
  };
}

/**
 * The push subscription's backlog as an HPA signal: Cloud Monitoring's
 * pubsub.googleapis.com/subscription/num_undelivered_messages, which the Custom Metrics
 * Stackdriver Adapter serves as an External metric (the name with "|" for "/", the subscription
 * chosen by resource label: https://cloud.google.com/kubernetes-engine/docs/tutorials/autoscaling-metrics).
 */
export interface BacklogSignal {
  /** Short name (id) of the Pub/Sub subscription that pushes the bucket's notifications. */
  subscriptionId: pulumi.Input<string>;
  /** Undelivered notifications per replica the HPA aims at. */
  messagesPerReplica: number;
}

export const BACKLOG_METRIC = "pubsub.googleapis.com|subscription|num_undelivered_messages";

/**
 * CPU utilisation and, with `backlog`, the subscription's backlog: the HPA scales to the larger of
 * the two replica counts (https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#scaling-on-multiple-metrics).
 * On Cloud Storage a replica spends most of a notification waiting (requests, the 1 s window), so
 * notifications can queue in Pub/Sub while CPU stays under target (bench/README.md, "Combiner on
 * Cloud Storage").
 */
export function combinerHorizontalPodAutoscaler(
  workload: CombinerWorkload,
  backlog?: BacklogSignal,
): k8s.types.input.autoscaling.v2.HorizontalPodAutoscaler {
  const backlogMetric: k8s.types.input.autoscaling.v2.MetricSpec[] = backlog
    ? [
        {
          type: "External",
          external: {
            metric: { name: BACKLOG_METRIC, selector: { matchLabels: { "resource.labels.subscription_id": backlog.subscriptionId } } },
            target: { type: "AverageValue", averageValue: String(backlog.messagesPerReplica) },
          },
        },
      ]
    : [];
  return {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: metadata(workload),
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: workload.name },
      minReplicas: workload.replicas,
      maxReplicas: workload.maxReplicas,
      metrics: [
        { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: workload.targetCpuPercent } } },
        ...backlogMetric,
      ],
      // Scale down slowly: segments arrive in nightly bursts and pods hold coalescing windows.
      behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
    },
  };
}

export function combinerPodDisruptionBudget(workload: CombinerWorkload): k8s.types.input.policy.v1.PodDisruptionBudget {
  // maxUnavailable (not minAvailable) so a single replica never blocks node drains and upgrades.
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: metadata(workload),
    spec: { maxUnavailable: 1, selector: { matchLabels: combinerLabels(workload) } },
  };
}

export function combinerService(workload: CombinerWorkload): k8s.types.input.core.v1.Service {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { ...metadata(workload), annotations: INTERNAL_LOAD_BALANCER },
    spec: {
      type: "LoadBalancer",
      selector: combinerLabels(workload),
      ports: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }],
    },
  };
}
