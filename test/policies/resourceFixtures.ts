/** Well-formed resources, as the PIAA program declares them; tests break one thing at a time. */
import type { PolicyInputResource } from "../../policies/evaluatePolicies.js";

export const labels = { app: "piaa", env: "dev" };
export const DIGEST = `sha256:${"ab".repeat(32)}`;
export const IMAGE = `us-central1-docker.pkg.dev/panoptes-survey/piaa/combiner@${DIGEST}`;

export const bucket = (props: Record<string, unknown> = {}): PolicyInputResource => ({
  type: "gcp:storage/bucket:Bucket",
  name: "piaa-data",
  props: {
    uniformBucketLevelAccess: true,
    publicAccessPrevention: "enforced",
    versioning: { enabled: true },
    labels: { ...labels, role: "data" },
    ...props,
  },
});

export const topic = (): PolicyInputResource => ({
  type: "gcp:pubsub/topic:Topic",
  name: "piaa-notifications-topic",
  props: { name: "piaa-lc", labels },
});

export const publisherGrant = (member = "serviceAccount:service-123456789@gs-project-accounts.iam.gserviceaccount.com"): PolicyInputResource => ({
  type: "gcp:pubsub/topicIAMMember:TopicIAMMember",
  name: "piaa-notifications-gcs-publisher",
  props: { topic: "projects/panoptes-survey/topics/piaa-lc", role: "roles/pubsub.publisher", member },
});

export const notification = (dependsOn = ["piaa-notifications-gcs-publisher"]): PolicyInputResource => ({
  type: "gcp:storage/notification:Notification",
  name: "piaa-notifications-lc",
  props: { bucket: "piaa-data", topic: "projects/panoptes-survey/topics/piaa-lc", payloadFormat: "JSON_API_V1", objectNamePrefix: "LC/" },
  dependsOn,
});

export const subscription = (props: Record<string, unknown> = {}): PolicyInputResource => ({
  type: "gcp:pubsub/subscription:Subscription",
  name: "piaa-notifications-push",
  props: {
    topic: "piaa-lc",
    labels,
    pushConfig: {
      pushEndpoint: "https://proxy.example.appspot.com/pubsub/push",
      oidcToken: { serviceAccountEmail: "piaa-push@panoptes-survey.iam.gserviceaccount.com", audience: "piaa" },
    },
    deadLetterPolicy: { deadLetterTopic: "projects/panoptes-survey/topics/piaa-dead", maxDeliveryAttempts: 10 },
    ...props,
  },
});

export const cluster = (props: Record<string, unknown> = {}): PolicyInputResource => ({
  type: "gcp:container/cluster:Cluster",
  name: "piaa-cluster",
  props: {
    removeDefaultNodePool: true,
    initialNodeCount: 1,
    workloadIdentityConfig: { workloadPool: "panoptes-survey.svc.id.goog" },
    privateClusterConfig: { enablePrivateNodes: true },
    resourceLabels: labels,
    ...props,
  },
});

export const nodePool = (props: Record<string, unknown> = {}): PolicyInputResource => ({
  type: "gcp:container/nodePool:NodePool",
  name: "piaa-cluster-nodes",
  props: {
    autoscaling: { minNodeCount: 1, maxNodeCount: 3 },
    management: { autoRepair: true, autoUpgrade: true },
    nodeConfig: { serviceAccount: "piaa-nodes@panoptes-survey.iam.gserviceaccount.com", resourceLabels: labels },
    ...props,
  },
});

export const container = (overrides: Record<string, unknown> = {}) => ({
  name: "combiner",
  image: IMAGE,
  resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } },
  readinessProbe: { httpGet: { path: "/readyz", port: 8080 } },
  livenessProbe: { httpGet: { path: "/healthz", port: 8080 } },
  securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
  ...overrides,
});

export const deployment = (
  containerOverrides: Record<string, unknown> = {},
  spec: Record<string, unknown> = {},
  podSpec: Record<string, unknown> = {},
): PolicyInputResource => ({
  type: "kubernetes:apps/v1:Deployment",
  name: "piaa-combiner-deployment",
  props: {
    metadata: { name: "combiner", namespace: "piaa" },
    spec: {
      selector: { matchLabels: { app: "combiner" } },
      template: { metadata: { labels: { app: "combiner" } }, spec: { containers: [container(containerOverrides)], ...podSpec } },
      ...spec,
    },
  },
});

export const hpa = (spec: Record<string, unknown> = {}): PolicyInputResource => ({
  type: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
  name: "piaa-combiner-hpa",
  props: {
    metadata: { name: "combiner", namespace: "piaa" },
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "combiner" },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [
        { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } },
        {
          type: "External",
          external: {
            metric: { name: "pubsub.googleapis.com|subscription|num_undelivered_messages", selector: { matchLabels: { "resource.labels.subscription_id": "piaa-push" } } },
            target: { type: "AverageValue", averageValue: "300" },
          },
        },
      ],
      ...spec,
    },
  },
});

export const service = (annotations: Record<string, string> = { "networking.gke.io/load-balancer-type": "Internal" }): PolicyInputResource => ({
  type: "kubernetes:core/v1:Service",
  name: "piaa-combiner-service",
  props: {
    metadata: { name: "combiner", namespace: "piaa", annotations },
    spec: { type: "LoadBalancer", selector: { app: "combiner" }, ports: [{ port: 80, targetPort: 8080 }] },
  },
});

/** The whole well-formed set: no policy finds anything in it. */
export const goodStack = (): PolicyInputResource[] => [
  bucket(),
  topic(),
  publisherGrant(),
  notification(),
  subscription(),
  cluster(),
  nodePool(),
  deployment(),
  hpa(),
  service(),
];
