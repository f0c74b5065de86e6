/**
 * The edges of the cluster and messaging policies that the one-bad-resource-per-policy table in
 * evaluatePolicies.test.ts does not pin down: which node service accounts count as the default,
 * a kept default node pool, regional autoscaling totals and equal bounds, both management flags
 * off, pull subscriptions, and which grants let the GCS service agent publish.
 */
import { describe, expect, it } from "vitest";
import { evaluatePolicies, type PolicyInputResource, type PolicyPackConfig } from "../../policies/evaluatePolicies.js";
import { cluster, labels, nodePool, notification, publisherGrant, subscription, topic } from "./resourceFixtures.js";

const PRIVATE_NODES = { "gke-private-nodes": { required: true } };

const violationsOf = async (resources: PolicyInputResource[], config: PolicyPackConfig = {}) =>
  (await evaluatePolicies(resources, { config })).map((v) => [v.policy, v.message] as const);

const poolRunningAs = (serviceAccount: string | undefined) => nodePool({ nodeConfig: { serviceAccount, resourceLabels: labels } });

describe("gke-no-default-node-service-account", () => {
  it.each([
    ["no service account", undefined],
    ["the word default", "default"],
    ["the Compute Engine default account", "123456-compute@developer.gserviceaccount.com"],
  ])("reports a node pool running as %s", async (_case, serviceAccount) => {
    expect(await violationsOf([poolRunningAs(serviceAccount)])).toEqual([
      [
        "gke-no-default-node-service-account",
        'NodePool "piaa-cluster-nodes" runs nodes as the default compute service account; set nodeConfig.serviceAccount to a dedicated least-privilege account.',
      ],
    ]);
  });

  it("accepts a dedicated account whose name merely contains 'compute'", async () => {
    expect(await violationsOf([poolRunningAs("piaa-compute@panoptes-survey.iam.gserviceaccount.com")])).toEqual([]);
  });

  it("checks a cluster's default pool only when the cluster keeps it", async () => {
    expect(await violationsOf([cluster({ nodeConfig: undefined })])).toEqual([]);
    expect(await violationsOf([cluster({ removeDefaultNodePool: false })])).toEqual([
      [
        "gke-no-default-node-service-account",
        'Cluster "piaa-cluster" (default node pool) runs nodes as the default compute service account; set nodeConfig.serviceAccount to a dedicated least-privilege account.',
      ],
    ]);
    expect(await violationsOf([cluster({ removeDefaultNodePool: false, nodeConfig: { serviceAccount: "piaa-nodes@panoptes-survey.iam.gserviceaccount.com" } })])).toEqual([]);
  });
});

describe("gke-node-pool-autoscaling and gke-node-auto-repair-upgrade", () => {
  it("reads the totals of a regional pool and takes equal bounds", async () => {
    expect(await violationsOf([nodePool({ autoscaling: { totalMinNodeCount: 3, totalMaxNodeCount: 9 } })])).toEqual([]);
    expect(await violationsOf([nodePool({ autoscaling: { minNodeCount: 2, maxNodeCount: 2 } })])).toEqual([]);
    expect(await violationsOf([nodePool({ autoscaling: { totalMinNodeCount: 9, totalMaxNodeCount: 3 } })])).toEqual([
      ["gke-node-pool-autoscaling", 'NodePool "piaa-cluster-nodes" autoscales from 9 to 3 nodes; the minimum must not exceed the maximum.'],
    ]);
  });

  it("reports a pool with only one of its bounds as not autoscaling", async () => {
    for (const autoscaling of [{ minNodeCount: 1 }, { maxNodeCount: 3 }]) {
      expect(await violationsOf([nodePool({ autoscaling })])).toEqual([
        ["gke-node-pool-autoscaling", 'NodePool "piaa-cluster-nodes" does not autoscale; set autoscaling.minNodeCount and maxNodeCount.'],
      ]);
    }
  });

  it("names both management flags when both are off", async () => {
    expect(await violationsOf([nodePool({ management: undefined })])).toEqual([
      ["gke-node-auto-repair-upgrade", 'NodePool "piaa-cluster-nodes" has autoRepair and autoUpgrade off; set management.autoRepair and management.autoUpgrade to true.'],
    ]);
    expect(await violationsOf([nodePool({ management: { autoRepair: false, autoUpgrade: true } })])).toEqual([
      ["gke-node-auto-repair-upgrade", 'NodePool "piaa-cluster-nodes" has autoRepair off; set management.autoRepair to true.'],
    ]);
  });
});

describe("cluster policies word for word", () => {
  it.each([
    [{ workloadIdentityConfig: {} }, "gke-workload-identity", 'Cluster "piaa-cluster" has Workload Identity off; set workloadIdentityConfig.workloadPool to "<project>.svc.id.goog".'],
    [{ enableLegacyAbac: true }, "gke-no-legacy-abac", 'Cluster "piaa-cluster" enables legacy ABAC; remove enableLegacyAbac.'],
    [{ privateClusterConfig: { enablePrivateNodes: false } }, "gke-private-nodes", 'Cluster "piaa-cluster" gives nodes public IP addresses; set privateClusterConfig.enablePrivateNodes: true.'],
  ])("%j → %s", async (props, policy, message) => {
    expect(await violationsOf([cluster(props)], PRIVATE_NODES)).toEqual([[policy, message]]);
  });

  it("leaves legacy ABAC switched off explicitly alone", async () => {
    expect(await violationsOf([cluster({ enableLegacyAbac: false })], PRIVATE_NODES)).toEqual([]);
  });
});

describe("messaging policies", () => {
  it("asks nothing of a pull subscription whose topic no notification targets", async () => {
    expect(await violationsOf([subscription({ pushConfig: undefined, deadLetterPolicy: undefined })])).toEqual([]);
  });

  it("reports push subscriptions without a token or dead-letter topic, word for word", async () => {
    expect(await violationsOf([subscription({ pushConfig: { pushEndpoint: "https://x", oidcToken: { audience: "piaa" } }, deadLetterPolicy: {} })])).toEqual([
      [
        "pubsub-push-oidc-token",
        'Subscription "piaa-notifications-push" pushes without authentication; set pushConfig.oidcToken.serviceAccountEmail (and audience) so the endpoint can verify Pub/Sub.',
      ],
      ["pubsub-dead-letter-policy", 'Subscription "piaa-notifications-push" has no dead-letter policy; set deadLetterPolicy.deadLetterTopic and maxDeliveryAttempts.'],
    ]);
  });

  it("matches a pull subscription to a notification's topic whether named by id or by name, and takes one that dead-letters", async () => {
    const pull = (props: Record<string, unknown>) => subscription({ pushConfig: undefined, ...props });
    const message =
      'Pull subscription "piaa-notifications-push" of a storage-notification topic has no dead-letter policy; set deadLetterPolicy.deadLetterTopic and maxDeliveryAttempts.';
    const stack = [topic(), publisherGrant(), notification()];
    expect(await violationsOf([...stack, pull({ topic: "projects/panoptes-survey/topics/piaa-lc", deadLetterPolicy: undefined })])).toEqual([["storage-notification-pull-dead-letter", message]]);
    expect(await violationsOf([...stack, pull({ topic: "piaa-lc", deadLetterPolicy: {} })])).toEqual([["storage-notification-pull-dead-letter", message]]);
    expect(await violationsOf([...stack, pull({ topic: "piaa-other", deadLetterPolicy: undefined })])).toEqual([]);
    expect(await violationsOf([...stack, pull({ topic: "projects/panoptes-survey/topics/other-lc", deadLetterPolicy: undefined })])).toEqual([]);
    expect(await violationsOf([...stack, pull({})])).toEqual([]);
  });

  it("counts only a publisher grant to the GCS service agent on the notification's topic", async () => {
    const missing =
      'Notification "piaa-notifications-lc" targets topic projects/panoptes-survey/topics/piaa-lc but the GCS service agent may not publish there; add a TopicIAMMember with roles/pubsub.publisher for it.';
    const grant = publisherGrant();
    const subscriberRole = { ...grant, props: { ...grant.props, role: "roles/pubsub.subscriber" } };
    const otherTopic = { ...grant, props: { ...grant.props, topic: "projects/panoptes-survey/topics/piaa-dead" } };
    const agentOfNoProject = publisherGrant("serviceAccount:service-x@gs-project-accounts.iam.gserviceaccount.com");
    const agentNotAsText = { ...grant, props: { ...grant.props, member: [grant.props.member] } };
    for (const wrong of [subscriberRole, otherTopic, agentOfNoProject, agentNotAsText]) {
      expect(await violationsOf([wrong, notification()])).toEqual([["storage-notification-publisher-grant", missing]]);
    }
    expect(await violationsOf([grant, notification()])).toEqual([]);
    const dependsOnTopicOnly = { ...notification(["piaa-notifications-topic"]) };
    for (const unordered of [notification(["something-else"]), dependsOnTopicOnly]) {
      expect(await violationsOf([topic(), grant, unordered])).toEqual([
        [
          "storage-notification-publisher-grant",
          'Notification "piaa-notifications-lc" does not depend on the publisher grant "piaa-notifications-gcs-publisher", so it can be created first and fail with 403; add dependsOn: [piaa-notifications-gcs-publisher].',
        ],
      ]);
    }
    expect(await violationsOf([grant, notification(["something-else"])])).toEqual([
      [
        "storage-notification-publisher-grant",
        'Notification "piaa-notifications-lc" does not depend on the publisher grant "piaa-notifications-gcs-publisher", so it can be created first and fail with 403; add dependsOn: [piaa-notifications-gcs-publisher].',
      ],
    ]);
  });
});
