/**
 * The cloud contract's less common verdicts: each rule's boundaries (the name patterns' edges,
 * which secret-looking keys and values pass, which grants wait for which identity), the verdict
 * text `piaa plan` prints, the rules as mandatory stack policies, and the dependency walk
 * (cycles, unknown names).
 */
import type { PolicyResource } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { checkContract, contractPolicies, dependencyClosure, formatContractVerdicts, type ContractResource } from "../../../policies/contract/cloudContract.js";
import { CONTRACT_RULES } from "../../../policies/contract/contractRules.js";
import { allRequiredApis, API_OF_MODULE, requiredApis } from "../../../policies/contract/requiredApis.js";
import { unsupportedRuntime } from "../../../policies/contract/supportedRuntimes.js";

const TODAY = new Date("2026-12-06T00:00:00Z");
const res = (type: string, name: string, props: Record<string, unknown>, dependsOn: string[] = []): ContractResource => ({ type, name, props, dependsOn });

/** Findings of one rule only, so that a resource is judged on the rule under test. */
const findingsOf = (ruleId: string, resources: ContractResource[], outputs: Record<string, unknown> = {}) =>
  checkContract({ resources, outputs, now: TODAY }, CONTRACT_RULES.filter((rule) => rule.id === ruleId));
const messagesOf = (ruleId: string, resources: ContractResource[], outputs: Record<string, unknown> = {}) =>
  findingsOf(ruleId, resources, outputs).map((f) => f.message);

const VERSION = "gcp:appengine/standardAppVersion:StandardAppVersion";

describe("names-fit", () => {
  it.each([
    ["gcp:serviceaccount/account:Account", "accountId", "piaa-proxy", "piaa"],
    ["gcp:serviceaccount/account:Account", "accountId", "a".repeat(30), "a".repeat(31)],
    ["gcp:serviceaccount/account:Account", "accountId", "proxy-1", "1proxy"],
    ["gcp:vpcaccess/connector:Connector", "name", "c".repeat(25), "c".repeat(26)],
    ["gcp:vpcaccess/connector:Connector", "name", "proxy-c1", "proxy-c-"],
    ["gcp:storage/bucket:Bucket", "name", "abc", "ab"],
    ["gcp:storage/bucket:Bucket", "name", "b".repeat(63), "b".repeat(64)],
    ["gcp:storage/bucket:Bucket", "name", "p-piaa_dev.data", "google-piaa"],
    ["gcp:storage/bucket:Bucket", "name", "p-piaa-dev", "P-piaa-dev"],
    ["gcp:artifactregistry/repository:Repository", "repositoryId", "r", "1repo"],
    ["gcp:artifactregistry/repository:Repository", "repositoryId", "r".repeat(63), "r".repeat(64)],
    ["gcp:artifactregistry/repository:Repository", "repositoryId", "piaa-images", "piaa-images-"],
    ["gcp:secretmanager/secret:Secret", "secretId", "S".repeat(255), "s".repeat(256)],
    ["gcp:secretmanager/secret:Secret", "secretId", "piaa_dev-ocn", "piaa.dev"],
    [VERSION, "versionId", "piaa-dev", "default"],
    [VERSION, "versionId", "defaults", "latest"],
    [VERSION, "versionId", "a-h", "ah-builtin"],
    [VERSION, "versionId", "v".repeat(63), "v".repeat(64)],
    [VERSION, "service", "default", "Default"],
    [VERSION, "service", "s".repeat(63), "proxy-"],
  ])("%s %s: accepts %s, refuses %s", (type, input, accepted, refused) => {
    expect(messagesOf("names-fit", [res(type, "subject", { [input]: accepted })])).toEqual([]);
    const [message, ...rest] = messagesOf("names-fit", [res(type, "subject", { [input]: refused })]);
    expect(rest).toEqual([]);
    expect(message).toContain(`${type.split(":").pop()} "subject" ${input} ${JSON.stringify(refused)} breaks `);
  });

  it("names the source and the pattern broken, and leaves an unset name to the provider", () => {
    expect(messagesOf("names-fit", [res("gcp:secretmanager/secret:Secret", "s", { secretId: "a/b" })])).toEqual([
      'Secret "s" secretId "a/b" breaks Secret Manager secrets.create secretId (/^[A-Za-z0-9_-]{1,255}$/).',
    ]);
    expect(messagesOf("names-fit", [res("gcp:storage/bucket:Bucket", "b", {})])).toEqual([]);
  });
});

describe("appengine-stable-version-id", () => {
  it("asks for a fixed id when it is empty, and tells seven hex digits from a content hash", () => {
    expect(messagesOf("appengine-stable-version-id", [res(VERSION, "v", { versionId: "" })])).toEqual(['StandardAppVersion "v" has no versionId; give it a fixed one.']);
    expect(messagesOf("appengine-stable-version-id", [res(VERSION, "v", { versionId: "v-3f9a2c1" })])).toEqual([]);
    expect(messagesOf("appengine-stable-version-id", [res(VERSION, "v", { versionId: "v-3f9a2c1d" })])).toEqual([
      'StandardAppVersion "v" versionId v-3f9a2c1d looks content-derived; a new id per deploy is a replacement that gets no traffic.',
    ]);
  });
});

describe("appengine-supported-runtime", () => {
  it("names the runtimes it knows when a version has none or an unknown one", () => {
    expect(messagesOf("appengine-supported-runtime", [res(VERSION, "v", {})])).toEqual([
      'StandardAppVersion "v": runtime (none) is not an App Engine standard runtime this check knows (nodejs20, nodejs22, nodejs24).',
    ]);
    expect(unsupportedRuntime("python312", TODAY)).toBe("runtime python312 is not an App Engine standard runtime this check knows (nodejs20, nodejs22, nodejs24)");
  });

  it("refuses a runtime from the first second of its end-of-support day, not the second before", () => {
    expect(unsupportedRuntime("nodejs22", new Date("2027-04-29T23:59:59.999Z"))).toBeUndefined();
    expect(unsupportedRuntime("nodejs22", new Date("2027-04-30T00:00:00Z"))).toBe("runtime nodejs22 reached App Engine's end of support on 2027-04-30: no creation, no redeployment");
  });
});

describe("identities-before-grants", () => {
  const app = res("gcp:appengine/application:Application", "app", {});
  const account = res("gcp:serviceaccount/account:Account", "proxy-sa", { accountId: "piaa-proxy" });

  it("wants App Engine's service agent granted after the Application, when the program makes one", () => {
    const grant = (dependsOn: string[]) => res("gcp:projects/iAMMember:IAMMember", "gae-grant", { member: "serviceAccount:p@gcp-gae-service.iam.gserviceaccount.com" }, dependsOn);
    expect(messagesOf("identities-before-grants", [app, grant([])])).toEqual([`"gae-grant" grants to App Engine's service agent before the Application that creates it.`]);
    expect(messagesOf("identities-before-grants", [app, grant(["app"])])).toEqual([]);
    expect(messagesOf("identities-before-grants", [grant([])])).toEqual([]);
  });

  it("wants a grant to an account the program creates to wait for it, members lists included", () => {
    const grant = (dependsOn: string[]) => res("gcp:pubsub/topicIAMBinding:TopicIAMBinding", "publishers", { members: ["serviceAccount:piaa-proxy@p.iam.gserviceaccount.com", 7] }, dependsOn);
    expect(messagesOf("identities-before-grants", [account, grant([])])).toEqual([
      `"publishers" grants to serviceAccount:piaa-proxy@p.iam.gserviceaccount.com before the account "proxy-sa" is created.`,
    ]);
    expect(messagesOf("identities-before-grants", [account, grant(["proxy-sa"])])).toEqual([]);
    const other = res("gcp:pubsub/topicIAMMember:TopicIAMMember", "other", { member: "serviceAccount:piaa-proxy-2@p.iam.gserviceaccount.com" });
    expect(messagesOf("identities-before-grants", [account, other])).toEqual([]);
  });

  it("matches a service agent to the ServiceIdentity of its own API only", () => {
    const identity = (service: string) => res("gcp:projects/serviceIdentity:ServiceIdentity", "agent", { service });
    const grant = res("gcp:pubsub/topicIAMMember:TopicIAMMember", "dl", { member: "serviceAccount:service-1@gcp-sa-pubsub.iam.gserviceaccount.com" }, ["agent"]);
    expect(messagesOf("identities-before-grants", [identity("pubsub.googleapis.com"), grant])).toEqual([]);
    expect(messagesOf("identities-before-grants", [identity("storage.googleapis.com"), grant])).toEqual([
      `"dl" grants to the pubsub service agent before a ServiceIdentity for pubsub.googleapis.com creates it.`,
    ]);
  });

  it("treats as App Engine's agent only that account, and a service agent only at the end of the member", () => {
    const user = res("gcp:projects/iAMMember:IAMMember", "viewer", { member: "user:someone@example.test" });
    expect(messagesOf("identities-before-grants", [app, user])).toEqual([]);
    const lookalike = res("gcp:projects/iAMMember:IAMMember", "lookalike", { member: "user:x@gcp-sa-pubsub.iam.gserviceaccount.com.example.test" });
    expect(messagesOf("identities-before-grants", [lookalike])).toEqual([]);
  });

  it("does not take a ServiceIdentity without a service for the agent's", () => {
    const unnamed = res("gcp:projects/serviceIdentity:ServiceIdentity", "agent", {});
    const grant = res("gcp:pubsub/topicIAMMember:TopicIAMMember", "dl", { member: "serviceAccount:service-1@gcp-sa-pubsub.iam.gserviceaccount.com" }, ["agent"]);
    expect(messagesOf("identities-before-grants", [unnamed, grant])).toHaveLength(1);
  });

  it("wants a Workload Identity grant to wait for a cluster that has Workload Identity", () => {
    const plain = res("gcp:container/cluster:Cluster", "cluster", {});
    const grant = res("gcp:serviceaccount/iAMMember:IAMMember", "wi", { member: "serviceAccount:p.svc.id.goog[piaa/combiner]" }, ["cluster"]);
    expect(messagesOf("identities-before-grants", [plain, grant])).toEqual([
      `"wi" grants to Workload Identity member serviceAccount:p.svc.id.goog[piaa/combiner] before any Workload Identity cluster exists.`,
    ]);
  });
});

describe("apis-enabled-first", () => {
  it("asks nothing of non-GCP types, of the Service itself, or of modules without a known API", () => {
    expect(requiredApis("kubernetes:apps/v1:Deployment")).toEqual([]);
    expect(requiredApis("gcp:projects/service:Service")).toEqual([]);
    expect(requiredApis("gcp:bigquery/dataset:Dataset")).toEqual([]);
    expect(requiredApis("gcp:compute/network:Network")).toEqual(["compute.googleapis.com"]);
    expect(requiredApis(VERSION)).toEqual(["appengine.googleapis.com", "cloudbuild.googleapis.com"]);
    expect(requiredApis("gcp:appengine/application:Application")).toEqual(["appengine.googleapis.com"]);
  });

  it("enables every module's API and the build API once each, sorted", () => {
    const apis = allRequiredApis();
    expect(apis).toEqual([...new Set([...Object.values(API_OF_MODULE), "cloudbuild.googleapis.com"])].sort());
    expect(apis.indexOf("appengine.googleapis.com")).toBeLessThan(apis.indexOf("storage.googleapis.com"));
  });

  it("names the type's last part, the resource and the API it does not wait for", () => {
    expect(messagesOf("apis-enabled-first", [res("gcp:pubsub/topic:Topic", "topic", {})])).toEqual(['Topic "topic" does not wait for pubsub.googleapis.com to be enabled.']);
    const enabled = res("gcp:projects/service:Service", "api", { service: "pubsub.googleapis.com" });
    expect(messagesOf("apis-enabled-first", [enabled, res("gcp:pubsub/topic:Topic", "topic", {}, ["api"])])).toEqual([]);
    // A service agent's identity names the API too, but does not enable it.
    const agent = res("gcp:projects/serviceIdentity:ServiceIdentity", "agent", { service: "pubsub.googleapis.com" }, ["api"]);
    const topicFindings = (resources: ContractResource[]) => findingsOf("apis-enabled-first", resources).filter((f) => f.resource === "topic");
    expect(topicFindings([enabled, agent, res("gcp:pubsub/topic:Topic", "topic", {}, ["agent"])])).toEqual([]);
    expect(topicFindings([{ ...agent, dependsOn: [] }, res("gcp:pubsub/topic:Topic", "topic", {}, ["agent"])])).toHaveLength(1);
  });
});

describe("no-plaintext-secrets", () => {
  const version = (envVariables: Record<string, unknown>) => res(VERSION, "proxy", { envVariables });

  it.each([["PIAA_DB_PASSWORD"], ["PIAA_SIGNING_KEY"], ["PIAA_OCN_SECRET"], ["PIAA_COMBINER_TOKEN"]])("refuses %s holding a value, not a secret version", (key) => {
    expect(messagesOf("no-plaintext-secrets", [version({ [key]: "hunter2" })])).toEqual([
      `StandardAppVersion "proxy" holds ${key} in clear; store it in Secret Manager and pass the version's name.`,
    ]);
    expect(messagesOf("no-plaintext-secrets", [version({ [key]: "projects/p/secrets/s/versions/latest" })])).toEqual([]);
    expect(messagesOf("no-plaintext-secrets", [version({ [key]: "projects/piaa-dev/secrets/ocn-token/versions/3" })])).toEqual([]);
    for (const notAVersion of ["projects/p/secrets/s", "projects/p/secrets/s/versions/1/extra", "hunter2/projects/p/secrets/s/versions/1"]) {
      expect(messagesOf("no-plaintext-secrets", [version({ [key]: notAVersion })]), notAVersion).toHaveLength(1);
    }
  });

  it("leaves other keys alone unless their value is a secret output, and accepts a version without variables", () => {
    expect(messagesOf("no-plaintext-secrets", [version({ TOKEN_TTL_S: "60", KEYS_URL: "https://example.test" })])).toEqual([]);
    expect(messagesOf("no-plaintext-secrets", [version({ LOG_LEVEL: "[secret]" })])).toHaveLength(1);
    expect(messagesOf("no-plaintext-secrets", [res(VERSION, "bare", {})])).toEqual([]);
  });

  it.each([["combinerToken"], ["dbPassword"], ["ocnSecretValue"], ["apiKey"]])("refuses stack output %s unless it names a secret", (key) => {
    const [finding, ...rest] = findingsOf("no-plaintext-secrets", [], { [key]: "[secret]" });
    expect(rest).toEqual([]);
    expect(finding).toEqual({ rule: "no-plaintext-secrets", resource: null, message: `Stack output ${key} carries a secret value; export its Secret Manager name instead.` });
    expect(findingsOf("no-plaintext-secrets", [], { [key]: "projects/piaa-dev/secrets/ocn-token" })).toEqual([]);
    expect(findingsOf("no-plaintext-secrets", [], { [key]: "hunter2 projects/piaa-dev/secrets/ocn-token" })).toHaveLength(1);
  });

  it("leaves outputs whose names only contain key elsewhere alone", () => {
    expect(findingsOf("no-plaintext-secrets", [], { keyRing: "ring", bucketName: "b" })).toEqual([]);
  });
});

describe("no-public-principals", () => {
  it("names the path of a public member deep in the inputs, with or without a member prefix", () => {
    const policy = res("gcp:storage/bucketIAMBinding:BucketIAMBinding", "viewers", { bindings: [{ members: ["user:a@example.test", "group:allAuthenticatedUsers"] }] });
    expect(messagesOf("no-public-principals", [policy])).toEqual([
      'BucketIAMBinding "viewers" grants to public principal group:allAuthenticatedUsers (bindings[0].members[1]); grant to named principals only.',
    ]);
    expect(messagesOf("no-public-principals", [res("x:y:Z", "named", { member: "user:allUsers@example.test", n: 3, nothing: null })])).toEqual([]);
  });
});

describe("versioned-bucket-archive-events", () => {
  const notification = (bucket: string, eventTypes?: string[]) => res("gcp:storage/notification:Notification", "events", { bucket, ...(eventTypes ? { eventTypes } : {}) });
  const bucket = (name: string, enabled: boolean) => res("gcp:storage/bucket:Bucket", name, { name, versioning: { enabled } });

  it("asks only notifications on versioned buckets that list their events", () => {
    expect(messagesOf("versioned-bucket-archive-events", [bucket("data", true), notification("data", ["OBJECT_FINALIZE"])])).toEqual([
      'Notification "events" on versioned bucket data omits OBJECT_ARCHIVE; deletes would never be announced.',
    ]);
    expect(messagesOf("versioned-bucket-archive-events", [bucket("data", false), notification("data", ["OBJECT_FINALIZE"])])).toEqual([]);
    expect(messagesOf("versioned-bucket-archive-events", [bucket("data", true), notification("data")])).toEqual([]);
    expect(messagesOf("versioned-bucket-archive-events", [res("gcp:storage/bucket:Bucket", "data", { name: "data" }), notification("data", ["OBJECT_FINALIZE"])])).toEqual([]);
    expect(messagesOf("versioned-bucket-archive-events", [bucket("data", true), notification("other", ["OBJECT_FINALIZE"])])).toEqual([]);
  });
});

describe("dependencyClosure", () => {
  it("walks a cycle once, skips unknown names and answers the same list again", () => {
    const closure = dependencyClosure([res("t", "a", {}, ["b", "ghost"]), res("t", "b", {}, ["a", "c"]), res("t", "c", {})]);
    const first = closure("a");
    expect(first.map((r) => r.name).sort()).toEqual(["a", "b", "c"]);
    expect(closure("a")).toBe(first);
    expect(closure("c")).toEqual([]);
    expect(closure("ghost")).toEqual([]);
  });
});

describe("formatContractVerdicts", () => {
  it("prints pass or FAIL with the findings per rule, and counts the rules that hold", () => {
    const rules = CONTRACT_RULES.filter((rule) => rule.id === "names-fit" || rule.id === "no-public-principals");
    const findings = [
      { rule: "no-public-principals", resource: "a", message: "first" },
      { rule: "no-public-principals", resource: "b", message: "second" },
    ];
    expect(formatContractVerdicts(findings, rules)).toBe(
      ["  pass  names-fit", "  FAIL  no-public-principals", "          - first", "          - second", "1 of 2 contract rules hold.", ""].join("\n"),
    );
    expect(formatContractVerdicts([{ rule: "names-fit", resource: "c", message: "third" }, ...findings], rules)).toMatch(/\n0 of 2 contract rules hold\.\n$/);
    expect(formatContractVerdicts([])).toMatch(new RegExp(`\\n${CONTRACT_RULES.length} of ${CONTRACT_RULES.length} contract rules hold\\.\\n$`));
  });
});

describe("contractPolicies", () => {
  it("puts exactly the guardrail rules in the pack, mandatory, named and described after the rule", () => {
    const guardrails = CONTRACT_RULES.filter((rule) => rule.guardrail);
    expect(contractPolicies.map((p) => [p.name, p.description, p.enforcementLevel])).toEqual(guardrails.map((rule) => [`contract-${rule.id}`, rule.rule, "mandatory"]));
    expect(contractPolicies.map((p) => p.name)).not.toContain("contract-apis-enabled-first");
  });

  it("reports each finding with the rule's source, at the resource's urn", async () => {
    const policy = contractPolicies.find((p) => p.name === "contract-no-public-principals")!;
    const resource = (name: string, props: Record<string, unknown>, dependencies: PolicyResource[] = []) =>
      ({ type: "gcp:storage/bucketIAMMember:BucketIAMMember", name, urn: `urn:${name}`, props, dependencies }) as unknown as PolicyResource;
    const reports: Array<[string, string | undefined]> = [];
    const named = resource("named", { member: "user:a@example.test" });
    await policy.validateStack(
      { resources: [named, resource("open", { member: "allUsers" }, [named])], getConfig: () => ({}), notApplicable: () => undefined as never } as never,
      (message, urn) => reports.push([message, urn]),
    );
    const source = CONTRACT_RULES.find((rule) => rule.id === "no-public-principals")!.source;
    expect(reports).toEqual([[`BucketIAMMember "open" grants to public principal allUsers (member); grant to named principals only. (${source})`, "urn:open"]]);
  });
});
