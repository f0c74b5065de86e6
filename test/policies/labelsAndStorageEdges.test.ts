/**
 * The edges of the label and storage policies that the one-bad-resource-per-policy table in
 * evaluatePolicies.test.ts does not pin down: where each resource type keeps its labels, an
 * empty label value, types that take no labels, and which buckets must keep versions.
 */
import { describe, expect, it } from "vitest";
import { evaluatePolicies, type PolicyInputResource } from "../../policies/evaluatePolicies.js";
import { bucket, cluster, labels, nodePool, subscription, topic } from "./resourceFixtures.js";

const violationsOf = async (...resources: PolicyInputResource[]) =>
  (await evaluatePolicies(resources, { config: {} })).map((v) => [v.policy, v.resource ?? "", v.message] as const);

describe("labels-app-env by resource type", () => {
  it("reads a node pool's labels from nodeConfig.resourceLabels and says so when they are missing", async () => {
    expect(await violationsOf(nodePool())).toEqual([]);
    const unlabelled = nodePool({ nodeConfig: { serviceAccount: "piaa-nodes@panoptes-survey.iam.gserviceaccount.com" }, resourceLabels: labels });
    const found = await violationsOf(unlabelled);
    expect(found.map(([policy]) => policy)).toEqual(["labels-app-env"]);
    expect(found[0]![2]).toBe('NodePool "piaa-cluster-nodes" lacks label(s) app, env; add them to nodeConfig.resourceLabels.');
    // GKE takes a node pool without nodeConfig (defaults); the policy must report it, not throw.
    const bare = await violationsOf(nodePool({ nodeConfig: undefined }));
    expect(bare.filter(([policy]) => policy === "labels-app-env")).toHaveLength(1);
  });

  it("reads a cluster's labels from resourceLabels, not labels", async () => {
    const found = await violationsOf(cluster({ resourceLabels: undefined, labels }));
    expect(found.map(([policy, , message]) => [policy, message])).toEqual([["labels-app-env", 'Cluster "piaa-cluster" lacks label(s) app, env; add them to resourceLabels.']]);
  });

  it("counts an empty label value as missing", async () => {
    const found = await violationsOf({ ...topic(), props: { name: "t", labels: { app: "", env: "dev" } } });
    expect(found.map(([, , message]) => message)).toEqual(['Topic "piaa-notifications-topic" lacks label(s) app; add them to labels.']);
  });

  it("checks subscriptions and Artifact Registry repositories, and leaves types that take no labels alone", async () => {
    const repository: PolicyInputResource = { type: "gcp:artifactregistry/repository:Repository", name: "piaa-images", props: { format: "DOCKER" } };
    const network: PolicyInputResource = { type: "gcp:compute/network:Network", name: "piaa-net", props: {} };
    const found = await violationsOf(subscription({ labels: undefined }), repository, network);
    expect(found.map(([policy, , message]) => [policy, message.split(" lacks")[0]])).toEqual([
      ["labels-app-env", 'Subscription "piaa-notifications-push"'],
      ["labels-app-env", 'Repository "piaa-images"'],
    ]);
  });

  it("names every env and how many resources carry it when they disagree", async () => {
    const prodTopic = { ...topic(), props: { name: "t", labels: { app: "piaa", env: "prod" } } };
    const found = await violationsOf(bucket(), nodePool(), prodTopic);
    expect(found.map(([, , message]) => message)).toEqual(["Resources disagree on the env label: dev (2), prod (1); one stack is one environment."]);
  });
});

describe("storage policies by bucket", () => {
  it("requires versioning only of the bucket labelled role: data", async () => {
    const logs = bucket({ versioning: undefined, labels: { ...labels, role: "logs" } });
    expect(await violationsOf({ ...logs, name: "piaa-logs" })).toEqual([]);
    // A bucket without labels is not the data bucket (and lacks labels: that is labels-app-env's to say).
    expect((await violationsOf({ ...bucket({ versioning: undefined, labels: undefined }), name: "piaa-bare" })).map(([policy]) => policy)).toEqual(["labels-app-env"]);
    const data = await violationsOf(bucket({ versioning: { enabled: false } }));
    expect(data.map(([policy]) => policy)).toEqual(["storage-data-bucket-versioning"]);
  });

  it("asks every bucket, data or not, for uniform access and enforced public access prevention", async () => {
    const other = { ...bucket({ uniformBucketLevelAccess: undefined, publicAccessPrevention: undefined, labels }), name: "piaa-other" };
    expect((await violationsOf(other)).map(([policy]) => policy).sort()).toEqual(["storage-public-access-prevention", "storage-uniform-bucket-level-access"]);
  });
});
