/**
 * Wiring every stack's plan must get right that the resource-by-resource checks (stackPlanChecks)
 * leave open, each from Google's or Kubernetes' documentation: the Pub/Sub service agent's two
 * grants for dead-lettering, retry back-offs in Pub/Sub's range, service identities after their
 * API, the Artifact Registry login, the combiner's token wired to its Secret, probes and HPA
 * metrics on every workload, and service accounts that name their stack.
 */
import { describe, expect, it } from "vitest";
import type { PlannedResource } from "../../infra/plan/capturePlan.js";
import { apiResourceName } from "../../infra/components/projectApis.js";
import { input, ofType, resource } from "./planLookup.js";

const PUBSUB_AGENT = /^serviceAccount:service-\d+@gcp-sa-pubsub\.iam\.gserviceaccount\.com$/;

/** Seconds of a protobuf Duration in its JSON form ("10s", "1.5s"). */
function durationSeconds(text: unknown): number {
  const match = /^(\d+(?:\.\d+)?)s$/.exec(String(text));
  expect(match, `${String(text)} is a Duration ("<seconds>s")`).not.toBeNull();
  return Number(match![1]);
}

export function checkStackWiring(stack: string, plan: () => PlannedResource[]): void {
  describe(`${stack} plan: wiring`, () => {
    // https://cloud.google.com/pubsub/docs/handling-failures#grant_forwarding_permissions: to forward
    // undeliverable messages the Pub/Sub service agent needs the publisher role on the dead-letter
    // topic and the subscriber role on the subscription itself.
    it("grants the Pub/Sub agent publisher on each dead-letter topic and subscriber on its subscription", () => {
      const dlq = ofType(plan(), "gcp:pubsub/subscription:Subscription").filter((s) => input(s, "deadLetterPolicy") !== undefined);
      expect(dlq.map((s) => s.name).sort()).toEqual(["analyzer-subscription", "events-push"]);
      for (const subscription of dlq) {
        const topic = input(subscription, "deadLetterPolicy.deadLetterTopic");
        const publishers = ofType(plan(), "gcp:pubsub/topicIAMMember:TopicIAMMember").filter((g) => g.inputs.topic === topic);
        expect(publishers.map((g) => [g.inputs.role, PUBSUB_AGENT.test(String(g.inputs.member))]), subscription.name).toEqual([["roles/pubsub.publisher", true]]);
        // The mocks name a subscription <logical name>-<7 hex digits> (planMocks).
        const subscribers = ofType(plan(), "gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember").filter(
          (g) => new RegExp(`^${subscription.name}-[0-9a-f]{7}$`).test(String(g.inputs.subscription)) && PUBSUB_AGENT.test(String(g.inputs.member)),
        );
        expect(subscribers.map((g) => g.inputs.role), subscription.name).toEqual(["roles/pubsub.subscriber"]);
        const maxAttempts = Number(input(subscription, "deadLetterPolicy.maxDeliveryAttempts"));
        // https://cloud.google.com/pubsub/docs/handling-failures#dead_letter_topic: 5 to 100 attempts.
        expect(maxAttempts).toBeGreaterThanOrEqual(5);
        expect(maxAttempts).toBeLessThanOrEqual(100);
      }
    });

    // https://cloud.google.com/pubsub/docs/handling-failures#exponential_backoff: minimum and
    // maximum back-off are each 0 to 600 seconds.
    it("retries every subscription with back-offs in Pub/Sub's 0–600 s range, the minimum not above the maximum", () => {
      const retrying = ofType(plan(), "gcp:pubsub/subscription:Subscription").filter((s) => input(s, "retryPolicy") !== undefined);
      expect(retrying.length).toBeGreaterThanOrEqual(2);
      for (const subscription of retrying) {
        const min = durationSeconds(input(subscription, "retryPolicy.minimumBackoff"));
        const max = durationSeconds(input(subscription, "retryPolicy.maximumBackoff"));
        expect(min, subscription.name).toBeLessThanOrEqual(max);
        expect(max, subscription.name).toBeLessThanOrEqual(600);
      }
    });

    // https://cloud.google.com/pubsub/docs/subscription-properties#expiration_period: by default a
    // subscription is deleted after 31 days without a subscriber; ttl "" means never.
    it("keeps every subscription however long nobody reads it (a dead-letter queue is read rarely)", () => {
      const subscriptions = ofType(plan(), "gcp:pubsub/subscription:Subscription");
      expect(subscriptions.length).toBeGreaterThanOrEqual(4);
      for (const subscription of subscriptions) expect(input(subscription, "expirationPolicy"), subscription.name).toEqual({ ttl: "" });
    });

    // https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#max-unavailable: the
    // defaults (25% / 25%) may stop a combiner before its successor is ready; pushes then wait.
    it("rolls a new combiner out before an old one stops", () => {
      const deployment = resource(plan(), "kubernetes:apps/v1:Deployment", "combiner-deployment");
      expect(input(deployment, "spec.strategy")).toEqual({ type: "RollingUpdate", rollingUpdate: { maxSurge: expect.any(Number), maxUnavailable: 0 } });
      expect(input(deployment, "spec.strategy.rollingUpdate.maxSurge")).toBeGreaterThanOrEqual(1);
    });

    // https://kubernetes.io/docs/concepts/services-networking/service/#field-spec-ports: a Service's
    // targetPort and a probe's port may name a container port, which must then exist.
    it("names only container ports that exist, in probes and in the Service in front of a workload", () => {
      for (const deployment of ofType(plan(), "kubernetes:apps/v1:Deployment")) {
        for (const container of input(deployment, "spec.template.spec.containers") as { ports?: { name?: string }[]; livenessProbe?: { httpGet?: { port?: unknown } }; readinessProbe?: { httpGet?: { port?: unknown } } }[]) {
          const names = (container.ports ?? []).map((p) => p.name);
          for (const probe of [container.livenessProbe, container.readinessProbe]) {
            const port = probe?.httpGet?.port;
            if (typeof port === "string") expect(names, `${deployment.name} probe port ${port}`).toContain(port);
          }
        }
      }
      const service = resource(plan(), "kubernetes:core/v1:Service", "combiner-service");
      const ports = input(service, "spec.ports") as { targetPort?: unknown }[];
      expect(ports.length).toBeGreaterThanOrEqual(1);
      const combiner = input(resource(plan(), "kubernetes:apps/v1:Deployment", "combiner-deployment"), "spec.template.spec.containers") as { ports?: { name?: string }[] }[];
      for (const port of ports) expect(combiner[0]!.ports?.map((p) => p.name)).toContain(port.targetPort);
    });

    // https://cloud.google.com/kubernetes-engine/docs/how-to/alias-ips: a VPC-native cluster takes its
    // pod and service ranges by name from its subnetwork's secondary ranges.
    it("takes the cluster's pod and service ranges from its subnetwork's secondary ranges", () => {
      const names = (input(resource(plan(), "gcp:compute/subnetwork:Subnetwork", "gke-subnet"), "secondaryIpRanges") as { rangeName: string; ipCidrRange: string }[]).map((r) => r.rangeName);
      const policy = input(resource(plan(), "gcp:container/cluster:Cluster", "gke-cluster"), "ipAllocationPolicy") as Record<string, string>;
      expect(names).toContain(policy.clusterSecondaryRangeName);
      expect(names).toContain(policy.servicesSecondaryRangeName);
    });

    // https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster#shielded_nodes
    it("boots the nodes with Secure Boot and integrity monitoring", () => {
      expect(input(resource(plan(), "gcp:container/nodePool:NodePool", "gke-pool"), "nodeConfig.shieldedInstanceConfig")).toEqual({ enableSecureBoot: true, enableIntegrityMonitoring: true });
    });

    // https://cloud.google.com/compute/docs/access/create-enable-service-accounts-for-instances#best_practices:
    // give a VM the cloud-platform scope and limit it with its service account's IAM roles; narrower
    // scopes would silently cap the node account below its roles, and an unknown scope fails the pool.
    it("runs every node with the cloud-platform scope, what it may do left to its service account's roles", () => {
      const pools = ofType(plan(), "gcp:container/nodePool:NodePool");
      expect(pools.length).toBeGreaterThanOrEqual(1);
      for (const pool of pools) expect(input(pool, "nodeConfig.oauthScopes"), pool.name).toEqual(["https://www.googleapis.com/auth/cloud-platform"]);
    });

    // https://cloud.google.com/iam/docs/create-service-agents: a service agent is created for an
    // enabled API; generating its identity before the API is on fails on a fresh project.
    it("creates each service identity after the API whose agent it is", () => {
      const identities = ofType(plan(), "gcp:projects/serviceIdentity:ServiceIdentity");
      expect(identities.length).toBeGreaterThanOrEqual(1);
      for (const identity of identities) expect(identity.dependsOn, identity.name).toContain(apiResourceName(String(identity.inputs.service)));
    });

    // https://cloud.google.com/artifact-registry/docs/docker/authentication#token: an access token
    // logs in with the user name "oauth2accesstoken".
    it("pushes the image to Artifact Registry with an access token, as oauth2accesstoken", () => {
      const image = resource(plan(), "docker:index/image:Image", "image-image");
      expect(input(image, "registry")).toEqual({ server: expect.stringMatching(/-docker\.pkg\.dev$/), username: "oauth2accesstoken", password: "[secret]" });
    });

    it("reads the combiner's token from the Secret the program creates, under the key it writes", () => {
      const secret = resource(plan(), "kubernetes:core/v1:Secret", "combiner-token-secret");
      const containers = input(resource(plan(), "kubernetes:apps/v1:Deployment", "combiner-deployment"), "spec.template.spec.containers") as { env?: { name: string; valueFrom?: unknown }[] }[];
      const token = containers[0]!.env?.find((e) => e.name === "PIAA_COMBINER_TOKEN");
      expect(token?.valueFrom).toEqual({ secretKeyRef: { name: input(secret, "metadata.name"), key: "token" } });
      expect(input(secret, "metadata.namespace")).toBe(input(resource(plan(), "kubernetes:apps/v1:Deployment", "combiner-deployment"), "metadata.namespace"));
    });

    // https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
    it("probes every workload container over HTTP for liveness and readiness", () => {
      const deployments = ofType(plan(), "kubernetes:apps/v1:Deployment");
      expect(deployments.length).toBeGreaterThanOrEqual(2);
      for (const deployment of deployments) {
        for (const container of input(deployment, "spec.template.spec.containers") as Record<string, unknown>[]) {
          for (const probe of ["livenessProbe", "readinessProbe"]) {
            expect(container[probe], `${deployment.name} ${probe}`).toMatchObject({ httpGet: { path: expect.stringMatching(/^\//), port: expect.anything() } });
          }
        }
      }
    });

    it("gives every HPA a CPU utilisation target", () => {
      for (const hpa of ofType(plan(), "kubernetes:autoscaling/v2:HorizontalPodAutoscaler")) {
        expect(input(hpa, "spec.metrics"), hpa.name).toEqual(
          expect.arrayContaining([{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: expect.any(Number) } } }]),
        );
      }
    });

    // https://kubernetes.io/docs/concepts/storage/volumes/: a container's volumeMounts name volumes of its pod.
    it("mounts only volumes its pod declares", () => {
      for (const deployment of ofType(plan(), "kubernetes:apps/v1:Deployment")) {
        const volumes = ((input(deployment, "spec.template.spec.volumes") ?? []) as { name?: string }[]).map((v) => v.name);
        for (const container of input(deployment, "spec.template.spec.containers") as { volumeMounts?: { name?: string }[] }[]) {
          for (const mount of container.volumeMounts ?? []) expect(volumes, `${deployment.name} mounts ${String(mount.name)}`).toContain(mount.name);
        }
      }
    });

    // https://cloud.google.com/iam/docs/roles-overview: a grant names a predefined (roles/…) or custom
    // (projects/…/roles/…) role.
    it("names a role in every IAM grant", () => {
      const grants = plan().filter((r) => /IAMMember$|IamMember$/.test(r.type));
      expect(grants.length).toBeGreaterThanOrEqual(5);
      for (const grant of grants) expect(String(grant.inputs.role), `${grant.type} ${grant.name}`).toMatch(/^(roles\/|projects\/[^/]+\/roles\/)[A-Za-z0-9_.]+$/);
    });

    // The nodes are E2 machines, x86-64 (https://cloud.google.com/compute/docs/general-purpose-machines#e2_machine_types):
    // an image built on an Arm laptop without a platform would not start on them.
    it("builds every image for the nodes' linux/amd64", () => {
      const images = ofType(plan(), "docker:index/image:Image");
      expect(images.length).toBeGreaterThanOrEqual(1);
      for (const image of images) expect(input(image, "build.platform"), image.name).toBe("linux/amd64");
    });

    // https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/: an HPA's scaleTargetRef
    // names a workload in the HPA's own namespace.
    it("scales with each HPA a Deployment of its own namespace", () => {
      const hpas = ofType(plan(), "kubernetes:autoscaling/v2:HorizontalPodAutoscaler");
      expect(hpas.length).toBeGreaterThanOrEqual(1);
      const deployments = ofType(plan(), "kubernetes:apps/v1:Deployment").map((d) => `${String(input(d, "metadata.namespace"))}/${String(input(d, "metadata.name"))}`);
      for (const hpa of hpas) {
        expect(input(hpa, "spec.scaleTargetRef.kind"), hpa.name).toBe("Deployment");
        expect(deployments, hpa.name).toContain(`${String(input(hpa, "metadata.namespace"))}/${String(input(hpa, "spec.scaleTargetRef.name"))}`);
      }
    });

    // https://cloud.google.com/storage/docs/reporting-changes#prereqs: Cloud Storage's service agent must
    // be allowed to publish to a topic before a notification configuration can name it.
    it("creates every storage notification after the grant that lets the GCS agent publish to its topic", () => {
      const notifications = ofType(plan(), "gcp:storage/notification:Notification");
      expect(notifications.length).toBeGreaterThanOrEqual(1);
      for (const notification of notifications) {
        const grants = (notification.dependsOn ?? [])
          .map((name) => plan().find((r) => r.name === name && r.type === "gcp:pubsub/topicIAMMember:TopicIAMMember"))
          .filter((grant) => grant?.inputs.role === "roles/pubsub.publisher" && grant.inputs.topic === notification.inputs.topic);
        expect(grants, notification.name).toHaveLength(1);
        expect(String(grants[0]!.inputs.member)).toMatch(/^serviceAccount:service-\d+@gs-project-accounts\.iam\.gserviceaccount\.com$/);
      }
    });

    it("points every workload's PIAA_BUCKET at the data bucket the program creates", () => {
      const buckets = ofType(plan(), "gcp:storage/bucket:Bucket").map((b) => `gs://${String(b.inputs.name)}`);
      const deployments = ofType(plan(), "kubernetes:apps/v1:Deployment");
      expect(deployments.length).toBeGreaterThanOrEqual(2);
      for (const deployment of deployments) {
        const containers = input(deployment, "spec.template.spec.containers") as { env?: { name: string; value?: unknown }[] }[];
        const bucket = containers.flatMap((container) => container.env ?? []).find((variable) => variable.name === "PIAA_BUCKET");
        expect(bucket, `${deployment.name} PIAA_BUCKET`).toBeDefined();
        expect(buckets, deployment.name).toContain(bucket!.value);
      }
    });

    it("names its stack in every service account id, so dev and prod can share a project", () => {
      const accounts = ofType(plan(), "gcp:serviceaccount/account:Account");
      expect(accounts.length).toBeGreaterThanOrEqual(4);
      for (const account of accounts) expect(String(account.inputs.accountId), account.name).toContain(`-${stack}`);
      expect(new Set(accounts.map((a) => a.inputs.accountId)).size).toBe(accounts.length);
    });
  });
}
