/**
 * The cloud-contract rule table on small plans: each rule passes a compliant plan and fails the
 * defect it exists for (the defects issue 15 found), naming the resource.
 */
import { describe, expect, it } from "vitest";
import { checkContract, type ContractResource } from "../../../policies/contract/cloudContract.js";
import { CONTRACT_RULES } from "../../../policies/contract/contractRules.js";
import { allRequiredApis, requiredApis } from "../../../policies/contract/requiredApis.js";
import { APP_ENGINE_RUNTIME_END_OF_SUPPORT } from "../../../policies/contract/supportedRuntimes.js";

const TODAY = new Date("2026-12-06T00:00:00Z");
const api = (service: string): ContractResource => ({ type: "gcp:projects/service:Service", name: `api-${service.split(".")[0]}`, props: { service }, dependsOn: [] });
const APIS = allRequiredApis().map(api);
const apiNames = (type: string) => requiredApis(type).map((s) => `api-${s.split(".")[0]}`);
const res = (type: string, name: string, props: Record<string, unknown>, dependsOn: string[] = []): ContractResource => ({
  type,
  name,
  props,
  dependsOn: [...apiNames(type), ...dependsOn],
});

const version = (props: Record<string, unknown> = {}) =>
  res("gcp:appengine/standardAppVersion:StandardAppVersion", "proxy-version", {
    service: "default",
    versionId: "piaa-dev",
    runtime: "nodejs24",
    envVariables: { PIAA_COMBINER_TOKEN_SECRET: "projects/p/secrets/s/versions/1", LOG_LEVEL: "info" },
    ...props,
  });
const cluster = res("gcp:container/cluster:Cluster", "gke-cluster", { workloadIdentityConfig: { workloadPool: "p.svc.id.goog" } });
const pubsubAgent = res("gcp:projects/serviceIdentity:ServiceIdentity", "pubsub-agent", { service: "pubsub.googleapis.com" });
const bucket = res("gcp:storage/bucket:Bucket", "data-bucket", { name: "p-piaa-dev", versioning: { enabled: true } });
const notification = (eventTypes: string[]) => res("gcp:storage/notification:Notification", "events-notification", { bucket: "p-piaa-dev", eventTypes });

const good = (): ContractResource[] => [
  ...APIS,
  version(),
  cluster,
  pubsubAgent,
  bucket,
  notification(["OBJECT_FINALIZE", "OBJECT_ARCHIVE"]),
  res("gcp:serviceaccount/iAMMember:IAMMember", "wi", { member: "serviceAccount:p.svc.id.goog[piaa/combiner]" }, ["gke-cluster"]),
  res("gcp:pubsub/topicIAMMember:TopicIAMMember", "dl", { member: "serviceAccount:service-1@gcp-sa-pubsub.iam.gserviceaccount.com" }, ["pubsub-agent"]),
];
const findings = (resources: ContractResource[], outputs: Record<string, unknown> = {}, now = TODAY) => checkContract({ resources, outputs, now });
const replacing = (name: string, replacement: ContractResource) => good().map((r) => (r.name === name ? replacement : r));

describe("cloud contract", () => {
  it("cites a source for every rule and passes a compliant plan", () => {
    for (const rule of CONTRACT_RULES) expect(rule.source.length, rule.id).toBeGreaterThan(20);
    expect(findings(good())).toEqual([]);
  });

  it.each([
    ["appengine-stable-version-id", replacing("proxy-version", version({ versionId: undefined })), /has no versionId/],
    ["appengine-stable-version-id", replacing("proxy-version", version({ versionId: "v-3f9a2c1d7e" })), /content-derived/],
    ["appengine-supported-runtime", replacing("proxy-version", version({ runtime: "nodejs20" })), /nodejs20 reached App Engine's end of support on 2026-04-30/],
    ["identities-before-grants", replacing("wi", { ...good().find((r) => r.name === "wi")!, dependsOn: ["api-iam"] }), /Workload Identity member .* before any Workload Identity cluster/],
    ["identities-before-grants", replacing("dl", { ...good().find((r) => r.name === "dl")!, dependsOn: ["api-pubsub"] }), /pubsub service agent before a ServiceIdentity/],
    ["apis-enabled-first", replacing("gke-cluster", { ...cluster, dependsOn: [] }), /Cluster "gke-cluster" does not wait for container.googleapis.com/],
    ["apis-enabled-first", replacing("proxy-version", { ...version(), dependsOn: ["api-appengine"] }), /does not wait for cloudbuild.googleapis.com/],
    ["names-fit", [...good(), res("gcp:serviceaccount/account:Account", "sa", { accountId: "notification-proxy-production-stack" })], /accountId "notification-proxy-production-stack"/],
    ["names-fit", [...good(), res("gcp:vpcaccess/connector:Connector", "c", { name: "proxy-connector-production" })], /Connector "c" name/],
    ["no-plaintext-secrets", replacing("proxy-version", version({ envVariables: { PIAA_COMBINER_TOKEN: "[secret]" } })), /holds PIAA_COMBINER_TOKEN in clear/],
    ["no-public-principals", [...good(), res("gcp:iap/appEngineServiceIamMember:AppEngineServiceIamMember", "open", { member: "allUsers" })], /public principal allUsers/],
    ["no-public-principals", [...good(), res("gcp:storage/bucketIAMPolicy:BucketIAMPolicy", "p", { policyData: '{"bindings":[{"members":["allAuthenticatedUsers"]}]}' })], /allAuthenticatedUsers/],
    ["versioned-bucket-archive-events", replacing("events-notification", notification(["OBJECT_FINALIZE", "OBJECT_DELETE"])), /omits OBJECT_ARCHIVE/],
  ])("%s fails its defect", (rule, resources, message) => {
    const found = findings(resources);
    expect(found.map((f) => f.rule)).toEqual([rule]);
    expect(found[0]!.message).toMatch(message);
    expect(found[0]!.resource).not.toBeNull();
  });

  it("fails a secret-valued stack output but accepts a Secret Manager name", () => {
    expect(findings(good(), { ocnChannelToken: "[secret]" }).map((f) => f.message)).toEqual([expect.stringMatching(/output ocnChannelToken/)]);
    expect(findings(good(), { ocnChannelTokenSecret: "projects/p/secrets/piaa-dev-ocn/versions/1" })).toEqual([]);
  });

  it("fails the runtime once its end-of-support date has come, so the program must move on", () => {
    const end = new Date(`${APP_ENGINE_RUNTIME_END_OF_SUPPORT.nodejs24}T00:00:00Z`);
    expect(findings(good(), {}, new Date(end.getTime() - 86_400_000))).toEqual([]);
    expect(findings(good(), {}, end).map((f) => f.rule)).toEqual(["appengine-supported-runtime"]);
  });

  it("follows dependencies through intermediate resources", () => {
    const viaWrapper = [...good().filter((r) => r.name !== "wi"), res("x:y:Z", "wrapper", {}, ["gke-cluster"]), res("gcp:serviceaccount/iAMMember:IAMMember", "wi", { member: "serviceAccount:p.svc.id.goog[piaa/combiner]" }, ["wrapper"])];
    expect(findings(viaWrapper)).toEqual([]);
  });
});
