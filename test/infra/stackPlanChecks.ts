/**
 * Acceptance checks every stack's plan must pass (issue 7): resource types with correct parents
 * and dependencies, OIDC push, GKE provider for Kubernetes resources, member-only IAM scoped to
 * single resources, labels, and schema-valid Kubernetes manifests.
 */
import { describe, expect, it } from "vitest";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { Service } from "kubernetes-models/v1/Service";
import type { PlannedResource } from "../../infra/plan/capturePlan.js";
import { AUTHORITATIVE_IAM, input, resource } from "./planLookup.js";
import { evaluatePolicies } from "../../policies/evaluatePolicies.js";
import { DATA_BUCKET_ROLE, dataBucketVersioning } from "../../policies/storage.js";

const COMPONENTS: [string, string][] = [
  ["piaa:storage:DataBucket", "data"],
  ["piaa:notifications:ObjectNotifications", "events"],
  ["piaa:proxy:NotificationProxy", "proxy"],
  ["piaa:cluster:Cluster", "gke"],
  ["piaa:images:CombinerImage", "image"],
  ["piaa:combiner:Combiner", "combiner"],
];

const CHILDREN: [string, string, string][] = [
  ["gcp:storage/bucket:Bucket", "data-bucket", "data"],
  ["gcp:pubsub/topic:Topic", "events-topic", "events"],
  ["gcp:storage/notification:Notification", "events-notification", "events"],
  ["gcp:pubsub/subscription:Subscription", "events-push", "events"],
  ["gcp:pubsub/subscription:Subscription", "events-dead-letter-sub", "events"],
  ["gcp:appengine/standardAppVersion:StandardAppVersion", "proxy-version", "proxy"],
  ["gcp:vpcaccess/connector:Connector", "proxy-connector", "proxy"],
  ["gcp:storage/bucketObject:BucketObject", "proxy-source", "proxy"],
  ["gcp:container/cluster:Cluster", "gke-cluster", "gke"],
  ["gcp:container/nodePool:NodePool", "gke-pool", "gke"],
  ["pulumi:providers:kubernetes", "gke-k8s", "gke"],
  ["gcp:artifactregistry/repository:Repository", "image-repo", "image"],
  ["docker:index/image:Image", "image-image", "image"],
  ["kubernetes:apps/v1:Deployment", "combiner-deployment", "combiner"],
  ["kubernetes:core/v1:Service", "combiner-service", "combiner"],
  ["kubernetes:policy/v1:PodDisruptionBudget", "combiner-pdb", "combiner"],
];

/** Types whose GCP resource takes labels (the rest have no labels field). */
const LABELLED = new Set([
  "gcp:storage/bucket:Bucket",
  "gcp:pubsub/topic:Topic",
  "gcp:pubsub/subscription:Subscription",
  "gcp:artifactregistry/repository:Repository",
]);

export function checkStackPlan(stack: string, plan: () => PlannedResource[]): void {
  describe(`${stack} plan: structure`, () => {
    it.each(COMPONENTS)("has component %s %s at the top level", (type, name) => {
      expect(resource(plan(), type, name).parent).toBeNull();
    });

    it.each(CHILDREN)("has %s %s parented by %s", (type, name, parent) => {
      expect(resource(plan(), type, name).parent).toBe(parent);
    });

    it("lists what `pulumi up` would create, not the stack resource Pulumi keeps for itself", () => {
      expect(plan().filter((r) => r.type === "pulumi:pulumi:Stack")).toEqual([]);
      expect(plan().length).toBeGreaterThan(COMPONENTS.length + CHILDREN.length);
    });

    it("gives every resource a unique name", () => {
      const names = plan().map((r) => r.name);
      expect(new Set(names).size).toBe(names.length);
    });

    it("creates the storage Notification only after the GCS service agent may publish", () => {
      const grant = resource(plan(), "gcp:pubsub/topicIAMMember:TopicIAMMember", "events-gcs-publisher");
      expect(grant.inputs.role).toBe("roles/pubsub.publisher");
      expect(String(grant.inputs.member)).toMatch(/^serviceAccount:service-\d+@gs-project-accounts\.iam\.gserviceaccount\.com$/);
      const notification = resource(plan(), "gcp:storage/notification:Notification", "events-notification");
      expect(notification.dependsOn).toContain("events-gcs-publisher");
      expect(notification.inputs).toMatchObject({ payloadFormat: "JSON_API_V1", objectNamePrefix: "LC/" });
    });

    it("pushes with an OIDC token of the invoker the proxy is told to trust", () => {
      const push = resource(plan(), "gcp:pubsub/subscription:Subscription", "events-push");
      const oidc = input(push, "pushConfig.oidcToken") as { serviceAccountEmail: string; audience: string };
      const invoker = resource(plan(), "gcp:serviceaccount/account:Account", "events-invoker");
      expect(push.dependsOn).toContain("events-invoker");
      expect(oidc.serviceAccountEmail.startsWith(`${String(invoker.inputs.accountId)}@`)).toBe(true);
      const env = input(resource(plan(), "gcp:appengine/standardAppVersion:StandardAppVersion", "proxy-version"), "envVariables") as Record<string, string>;
      expect(env.PIAA_PUSH_SERVICE_ACCOUNT).toBe(oidc.serviceAccountEmail);
      expect(env.PIAA_PUSH_AUDIENCE).toBe(oidc.audience);
      expect(String(input(push, "pushConfig.pushEndpoint"))).toMatch(/^https:\/\/.+\/pubsub\/push$/);
      expect(input(push, "retryPolicy.minimumBackoff")).toBeDefined();
      expect(push.dependsOn).toContain("proxy-version");
    });

    it("dead-letters to a topic with a subscription, with the Pub/Sub agent's grants", () => {
      const push = resource(plan(), "gcp:pubsub/subscription:Subscription", "events-push");
      expect(String(input(push, "deadLetterPolicy.deadLetterTopic"))).toContain("events-dead-letter");
      expect(resource(plan(), "gcp:pubsub/subscription:Subscription", "events-dead-letter-sub").dependsOn).toContain("events-dead-letter");
      const publisher = resource(plan(), "gcp:pubsub/topicIAMMember:TopicIAMMember", "events-dead-letter-publisher");
      const subscriber = resource(plan(), "gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember", "events-push-subscriber");
      for (const grant of [publisher, subscriber]) expect(String(grant.inputs.member)).toMatch(/@gcp-sa-pubsub\.iam\.gserviceaccount\.com$/);
      expect(subscriber.dependsOn).toContain("events-push");
    });

    it("puts every Kubernetes resource on the GKE provider", () => {
      const kubernetes = plan().filter((r) => r.type.startsWith("kubernetes:"));
      expect(kubernetes.length).toBeGreaterThanOrEqual(6);
      for (const r of kubernetes) expect(r.provider, r.name).toBe("gke-k8s");
    });

    it("deploys the image by digest so a new image rolls out", () => {
      const deployment = resource(plan(), "kubernetes:apps/v1:Deployment", "combiner-deployment");
      expect(deployment.dependsOn).toContain("image-image");
      expect(JSON.stringify(deployment.inputs)).toMatch(/combiner@sha256:[0-9a-f]{64}/);
    });

    it("runs the proxy from the uploaded bundle through the VPC connector", () => {
      const version = resource(plan(), "gcp:appengine/standardAppVersion:StandardAppVersion", "proxy-version");
      expect(version.inputs).toMatchObject({ runtime: "nodejs24", entrypoint: { shell: "node main.mjs" } });
      expect(String(input(version, "deployment.zip.sourceUrl"))).toMatch(/^https:\/\/storage\.googleapis\.com\/.+\/proxy-[0-9a-f]{16}\.zip$/);
      expect(version.dependsOn).toEqual(expect.arrayContaining(["proxy-source", "proxy-connector", "combiner-service"]));
      expect(Object.keys(input(version, "envVariables") as Record<string, string>)).not.toContain("PIAA_COMBINER_TOKEN");
    });
  });

  describe(`${stack} plan: IAM and labels`, () => {
    it("uses only additive IAM members, never authoritative bindings or policies", () => {
      expect(plan().filter((r) => AUTHORITATIVE_IAM.test(r.type)).map((r) => r.type)).toEqual([]);
    });

    it("scopes every grant to one resource; project-wide only the node role and, with the backlog HPA, the adapter's metric reads", () => {
      const members = plan().filter((r) => /IAMMember|IamMember/.test(r.type));
      expect(members.length).toBeGreaterThanOrEqual(8);
      const projectWide = members.filter((r) => r.type.startsWith("gcp:projects/"));
      // Cloud Monitoring grants reads per project (metrics scope), nothing narrower: GKE's tutorial
      // grants roles/monitoring.viewer to the Custom Metrics Stackdriver Adapter's identity.
      const hpa = plan().find((r) => r.type === "kubernetes:autoscaling/v2:HorizontalPodAutoscaler" && r.name === "combiner-hpa");
      const onBacklog = ((hpa && input(hpa, "spec.metrics")) as { type: string }[] | undefined)?.some((metric) => metric.type === "External") ?? false;
      expect(projectWide.map((r) => r.inputs.role)).toEqual(["roles/container.defaultNodeServiceAccount", ...(onBacklog ? ["roles/monitoring.viewer"] : [])]);
      for (const r of members.filter((m) => !m.type.startsWith("gcp:projects/"))) {
        const scope = r.inputs.bucket ?? r.inputs.topic ?? r.inputs.subscription ?? r.inputs.serviceAccountId ?? r.inputs.repository ?? r.inputs.secretId ?? r.inputs.service;
        expect(typeof scope === "string" && scope.length > 0, r.name).toBe(true);
      }
    });

    it("gives the combiner object access on the data bucket only", () => {
      const grant = resource(plan(), "gcp:storage/bucketIAMMember:BucketIAMMember", "combiner-bucket-objects");
      expect(grant.inputs).toMatchObject({ role: "roles/storage.objectUser", bucket: resource(plan(), "gcp:storage/bucket:Bucket", "data-bucket").inputs.name });
    });

    it("labels every GCP resource that takes labels with app and env", () => {
      for (const r of plan().filter((p) => LABELLED.has(p.type))) {
        const role = r.name === "data-bucket" ? { role: DATA_BUCKET_ROLE } : {};
        expect(r.inputs.labels, r.name).toEqual({ app: "piaa", env: stack, ...role });
      }
      expect(input(resource(plan(), "gcp:container/cluster:Cluster", "gke-cluster"), "resourceLabels")).toEqual({ app: "piaa", env: stack });
    });

    it("keeps the data bucket private, versioned, with uniform access, labelled so the versioning policy applies to it", () => {
      expect(resource(plan(), "gcp:storage/bucket:Bucket", "data-bucket").inputs).toMatchObject({
        uniformBucketLevelAccess: true,
        publicAccessPrevention: "enforced",
        versioning: { enabled: true },
        labels: { role: DATA_BUCKET_ROLE },
      });
    });

    it("is the bucket the versioning policy guards: the planned data bucket without versioning is rejected", async () => {
      const planned = resource(plan(), "gcp:storage/bucket:Bucket", "data-bucket");
      const unversioned = { type: planned.type, name: planned.name, props: { ...planned.inputs, versioning: { enabled: false } } };
      const violations = await evaluatePolicies([unversioned], { policies: [dataBucketVersioning] });
      expect(violations.map((v) => [v.policy, v.resource])).toEqual([["storage-data-bucket-versioning", "data-bucket"]]);
    });

    it("enables Workload Identity and removes the default node pool", () => {
      const cluster = resource(plan(), "gcp:container/cluster:Cluster", "gke-cluster");
      expect(cluster.inputs).toMatchObject({ removeDefaultNodePool: true, workloadIdentityConfig: { workloadPool: `piaa-plan-${stack}.svc.id.goog` } });
      expect(input(resource(plan(), "gcp:container/nodePool:NodePool", "gke-pool"), "nodeConfig.workloadMetadataConfig.mode")).toBe("GKE_METADATA");
    });
  });

  describe(`${stack} plan: Kubernetes manifests as rendered`, () => {
    it("validates the Deployment, Service, PDB and any HPA against the Kubernetes schema", () => {
      const manifests = plan().filter((r) => r.type.startsWith("kubernetes:") && r.type !== "kubernetes:core/v1:Secret");
      const validators: Record<string, (obj: unknown) => void> = {
        "kubernetes:apps/v1:Deployment": (obj) => new Deployment(obj as never).validate(),
        "kubernetes:autoscaling/v2:HorizontalPodAutoscaler": (obj) => new HorizontalPodAutoscaler(obj as never).validate(),
        "kubernetes:policy/v1:PodDisruptionBudget": (obj) => new PodDisruptionBudget(obj as never).validate(),
        "kubernetes:core/v1:Service": (obj) => new Service(obj as never).validate(),
      };
      let validated = 0;
      for (const r of manifests) {
        const validate = validators[r.type];
        if (validate === undefined) continue;
        expect(() => validate(r.inputs), r.name).not.toThrow();
        validated += 1;
      }
      expect(validated).toBeGreaterThanOrEqual(3);
    });
  });
}
