/**
 * Analyzer: the analysis workload on GKE (design §1, §5, issue 16). A Cloud Storage notification
 * on the data bucket's MLC/ prefix feeds a topic; the analyzer pulls a subscription of it (with a
 * dead-letter topic), runs from the combiner's image (another command) and writes its results
 * under ANALYSIS/, outside the notified prefix. Its Google service account, bound through Workload
 * Identity, may read the bucket's objects, write only under ANALYSIS/ (an IAM condition), and
 * consume its own subscription.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { projects, pubsub, serviceaccount, storage } from "@pulumi/gcp";
import { workloadIdentityMember } from "./combiner.js";
import { serviceAccountId, serviceAccountMember, type ResourceLabels } from "./naming.js";

export interface AnalyzerArgs {
  /** Kubernetes provider of the cluster the analyzer runs on. */
  provider: k8s.Provider;
  /** Project id (Workload Identity pool, subscription path). */
  project: pulumi.Input<string>;
  /** The Workload Identity cluster: its pool exists only once the cluster does, so IAM refuses the binding before. */
  identityPool: pulumi.Resource;
  /** Data bucket: MLC/ is read and notified, ANALYSIS/ written. */
  bucketName: pulumi.Input<string>;
  /** Image reference with digest (the combiner's image: it holds the analyzer bundle too). */
  image: pulumi.Input<string>;
  /** HPA floor. */
  replicas: number;
  /** HPA ceiling. */
  maxReplicas: number;
  /** Namespace of the workload (created by the combiner). @default "piaa" */
  namespace?: string;
  /** Resources the workload needs first (the namespace's owner). @default [] */
  dependsOn?: pulumi.Resource[];
  /** `app` and `env` labels. */
  labels: ResourceLabels;
}

/** Only MLC documents change analyses; chunks share the prefix and are dropped by the analyzer. */
export const ANALYZER_NOTIFIED_PREFIX = "MLC/";
/**
 * Analyses are re-done for new generations; a deleted MLC drops its index row. The bucket is
 * versioned, so a deleted MLC is announced as OBJECT_ARCHIVE, not OBJECT_DELETE
 * (https://cloud.google.com/storage/docs/pubsub-notifications#events); any event only makes the
 * analyzer look at the star's current MLC.
 */
export const ANALYZER_EVENT_TYPES = ["OBJECT_FINALIZE", "OBJECT_ARCHIVE", "OBJECT_DELETE"];
/** Where the analyzer may write (runtime/core/objectNames.ts). */
export const ANALYSIS_PREFIX = "ANALYSIS/";
export const ANALYZER_PORT = 8080;
/** A 100,000-point MLC: ~8 s of one core and < 512 MiB (bench analyzer). */
export const ANALYZER_RESOURCES = { requests: { cpu: "500m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } };
/** Deliveries before a message is dead-lettered; a star that keeps failing is also an error row. */
const MAX_DELIVERY_ATTEMPTS = 10;

/** The IAM condition limiting object writes to ANALYSIS/ of one bucket. Pure. */
export function analysisWriteCondition(bucket: string): { title: string; description: string; expression: string } {
  return {
    title: "analysis-outputs-only",
    description: "Objects under ANALYSIS/ only",
    expression: `resource.name.startsWith("projects/_/buckets/${bucket}/objects/${ANALYSIS_PREFIX}")`,
  };
}

export function analyzerLabels(name: string): Record<string, string> {
  return { "app.kubernetes.io/name": name, "app.kubernetes.io/part-of": "piaa" };
}

/** The Deployment (no spec.replicas: the HPA owns it). Pure. */
export function analyzerDeployment(
  name: string,
  namespace: string,
  image: pulumi.Input<string>,
  env: { bucketUrl: pulumi.Input<string>; subscription: pulumi.Input<string> },
): k8s.types.input.apps.v1.Deployment {
  const labels = analyzerLabels(name);
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace, labels },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: name,
          // Runs in flight finish; unacknowledged events go to another replica.
          terminationGracePeriodSeconds: 60,
          securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } },
          containers: [
            {
              name: "analyzer",
              image,
              command: ["node", "analyzer.mjs"],
              ports: [{ name: "http", containerPort: ANALYZER_PORT }],
              env: [
                { name: "PIAA_BUCKET", value: env.bucketUrl },
                { name: "PIAA_ANALYZER_SUBSCRIPTION", value: env.subscription },
                { name: "PORT", value: String(ANALYZER_PORT) },
                { name: "LOG_LEVEL", value: "info" },
              ],
              livenessProbe: { httpGet: { path: "/healthz", port: "http" }, initialDelaySeconds: 10, periodSeconds: 20, failureThreshold: 3 },
              readinessProbe: { httpGet: { path: "/healthz", port: "http" }, periodSeconds: 10 },
              resources: ANALYZER_RESOURCES,
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
              volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
            },
          ],
          volumes: [{ name: "tmp", emptyDir: {} }],
        },
      },
    },
  };
}

export function analyzerHorizontalPodAutoscaler(name: string, namespace: string, replicas: number, maxReplicas: number): k8s.types.input.autoscaling.v2.HorizontalPodAutoscaler {
  return {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: { name, namespace, labels: analyzerLabels(name) },
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name },
      minReplicas: replicas,
      maxReplicas,
      metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }],
      behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
    },
  };
}

export class Analyzer extends pulumi.ComponentResource {
  readonly topic: pubsub.Topic;
  readonly subscription: pubsub.Subscription;
  readonly googleServiceAccount: serviceaccount.Account;
  readonly deployment: k8s.apps.v1.Deployment;

  constructor(name: string, args: AnalyzerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("piaa:analysis:Analyzer", name, {}, opts);
    if (args.replicas < 1 || args.maxReplicas < args.replicas) throw new Error(`${name}: replicas ${args.replicas} must be 1..maxReplicas (${args.maxReplicas})`);
    const parent = { parent: this };
    const namespace = args.namespace ?? "piaa";
    // The Pub/Sub service agent exists only once something created it: generating its identity
    // first makes sure it does before it is granted (https://cloud.google.com/iam/docs/create-service-agents#create).
    const pubsubAgent = new projects.ServiceIdentity(`${name}-pubsub-agent`, { service: "pubsub.googleapis.com" }, parent).member;

    // Topic and notification: the GCS service agent may publish before the notification exists.
    this.topic = new pubsub.Topic(`${name}-topic`, { labels: args.labels }, parent);
    const gcsAgent = storage.getProjectServiceAccountOutput({}, parent);
    const publisher = new pubsub.TopicIAMMember(`${name}-gcs-publisher`, { topic: this.topic.id, role: "roles/pubsub.publisher", member: gcsAgent.emailAddress.apply(serviceAccountMember) }, parent);
    new storage.Notification(
      `${name}-notification`,
      { bucket: args.bucketName, topic: this.topic.id, payloadFormat: "JSON_API_V1", objectNamePrefix: ANALYZER_NOTIFIED_PREFIX, eventTypes: ANALYZER_EVENT_TYPES },
      { parent: this, dependsOn: [publisher] },
    );

    // Pull subscription with dead-lettering (the Pub/Sub agent publishes dead letters and acks the originals).
    const deadLetterTopic = new pubsub.Topic(`${name}-dead-letter`, { labels: args.labels, messageRetentionDuration: "604800s" }, parent);
    // No consumer reads dead letters until someone looks: without `ttl: ""` Pub/Sub would delete the
    // subscription after 31 days of inactivity, and later dead letters with it.
    new pubsub.Subscription(
      `${name}-dead-letter-subscription`,
      { topic: deadLetterTopic.id, labels: args.labels, messageRetentionDuration: "604800s", expirationPolicy: { ttl: "" } },
      parent,
    );
    const deadLetterGrant = new pubsub.TopicIAMMember(`${name}-dead-letter-publisher`, { topic: deadLetterTopic.id, role: "roles/pubsub.publisher", member: pubsubAgent }, parent);
    this.subscription = new pubsub.Subscription(
      `${name}-subscription`,
      {
        topic: this.topic.id,
        labels: args.labels,
        ackDeadlineSeconds: 60,
        retryPolicy: { minimumBackoff: "10s", maximumBackoff: "600s" },
        deadLetterPolicy: { deadLetterTopic: deadLetterTopic.id, maxDeliveryAttempts: MAX_DELIVERY_ATTEMPTS },
        // The analyzer scaled to none, or down for a month, must not lose its subscription.
        expirationPolicy: { ttl: "" },
      },
      { parent: this, dependsOn: [deadLetterGrant] },
    );
    new pubsub.SubscriptionIAMMember(`${name}-dead-letter-subscriber`, { subscription: this.subscription.name, role: "roles/pubsub.subscriber", member: pubsubAgent }, parent);

    // Identity: read objects, write ANALYSIS/ only, consume the subscription.
    this.googleServiceAccount = new serviceaccount.Account(
      `${name}-gsa`,
      { accountId: serviceAccountId(`${name}-${args.labels.env}`), displayName: "PIAA analyzer (reads the data bucket, writes ANALYSIS/)" },
      parent,
    );
    const member = this.googleServiceAccount.email.apply(serviceAccountMember);
    const grants = [
      new storage.BucketIAMMember(`${name}-bucket-read`, { bucket: args.bucketName, role: "roles/storage.objectViewer", member }, parent),
      new storage.BucketIAMMember(
        `${name}-analysis-write`,
        { bucket: args.bucketName, role: "roles/storage.objectUser", member, condition: pulumi.output(args.bucketName).apply(analysisWriteCondition) },
        parent,
      ),
      new pubsub.SubscriptionIAMMember(`${name}-subscriber`, { subscription: this.subscription.name, role: "roles/pubsub.subscriber", member }, parent),
      new serviceaccount.IAMMember(
        `${name}-workload-identity`,
        { serviceAccountId: this.googleServiceAccount.name, role: "roles/iam.workloadIdentityUser", member: pulumi.output(args.project).apply((p) => workloadIdentityMember(p, namespace, name)) },
        { parent: this, dependsOn: [args.identityPool] },
      ),
    ];

    const k8sOpts = { parent: this, provider: args.provider };
    const ksa = new k8s.core.v1.ServiceAccount(
      `${name}-ksa`,
      { metadata: { name, namespace, annotations: { "iam.gke.io/gcp-service-account": this.googleServiceAccount.email } } },
      { ...k8sOpts, dependsOn: [...(args.dependsOn ?? []), ...grants] },
    );
    const subscriptionPath = pulumi.interpolate`projects/${args.project}/subscriptions/${this.subscription.name}`;
    this.deployment = new k8s.apps.v1.Deployment(
      `${name}-deployment`,
      analyzerDeployment(name, namespace, args.image, { bucketUrl: pulumi.interpolate`gs://${args.bucketName}`, subscription: subscriptionPath }),
      { ...k8sOpts, dependsOn: [ksa] },
    );
    new k8s.autoscaling.v2.HorizontalPodAutoscaler(`${name}-hpa`, analyzerHorizontalPodAutoscaler(name, namespace, args.replicas, args.maxReplicas), {
      ...k8sOpts,
      dependsOn: [this.deployment],
    });
    this.registerOutputs({ topic: this.topic.name, subscription: this.subscription.name, serviceAccount: this.googleServiceAccount.email });
  }
}
