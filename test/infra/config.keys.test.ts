/**
 * Each boolean and string key of resolveInfraConfig reaches the field it names when set against
 * its profile's value, and each refusal reads in full as the user sees it in `pulumi preview`:
 * the key, the value quoted and what would be accepted.
 */
import { describe, expect, it } from "vitest";
import { resolveInfraConfig, type RawConfig } from "../../infra/config.js";
import { dev } from "../../infra/stacks/dev.js";
import { prod } from "../../infra/stacks/prod.js";

const project = { "gcp:project": "my-project-1" };

describe("resolveInfraConfig keys against the profile", () => {
  it.each([
    ["cluster:privateNodes", "dev", dev.privateNodes, "privateNodes"],
    ["cluster:spotNodes", "dev", dev.spotNodes, "spotNodes"],
    ["cluster:deletionProtection", "prod", prod.deletionProtection, "deletionProtection"],
    ["cluster:spotNodes", "prod", prod.spotNodes, "spotNodes"],
  ] as const)("%s on %s flips the profile's value", (key, stack, profileValue, field) => {
    expect(resolveInfraConfig(stack, project).cluster[field]).toBe(profileValue);
    expect(resolveInfraConfig(stack, { ...project, [key]: String(!profileValue) }).cluster[field]).toBe(!profileValue);
  });

  it("takes proxy:service over the default of either kind of stack, trimmed", () => {
    expect(resolveInfraConfig("dev", { ...project, "proxy:service": " survey-1 " }).proxy.service).toBe("survey-1");
    expect(resolveInfraConfig("dev", { ...project, "proxy:createApplication": "false", "proxy:service": "survey" }).proxy.service).toBe("survey");
    expect(resolveInfraConfig("staging", { ...project, "proxy:createApplication": "false" }).proxy.service).toBe("piaa-staging");
  });

  it("takes the release channel from config over the profile", () => {
    expect(resolveInfraConfig("dev", project).cluster.releaseChannel).toBe(dev.releaseChannel);
    expect(resolveInfraConfig("dev", { ...project, "cluster:releaseChannel": "RAPID" }).cluster.releaseChannel).toBe("RAPID");
  });
});

describe("resolveInfraConfig refusals, word for word", () => {
  it.each<[RawConfig, string]>([
    [{ "proxy:service": "Survey_1" }, 'config proxy:service = "Survey_1" is invalid: must be an App Engine service id (lowercase letters, digits, hyphens)'],
    [{ "cluster:authorizedNetworks": "10.0.0.0/8, 0.0.0.0" }, 'config cluster:authorizedNetworks = "0.0.0.0" is invalid: must be CIDR blocks such as 203.0.113.0/24'],
    [
      { "dashboard:viewers": "allUsers", "dashboard:oauthClientId": "x" },
      'config dashboard:viewers = "allUsers" is invalid: must be IAM principals such as user:ana@example.org or group:astro@example.org',
    ],
    [{ "cluster:machineType": "large" }, 'config cluster:machineType = "large" is invalid: must be a machine type such as e2-standard-4, n2-highmem-8 or custom-4-16384'],
    [{ "gcp:region": "mars" }, 'config gcp:region = "mars" is invalid: must be a region such as us-central1'],
    [{ "gcp:project": "x" }, 'config gcp:project = "x" is invalid: must be a project id (6-30 lowercase letters, digits, hyphens)'],
    [
      { "piaa:bucketName": "goog-data" },
      "config piaa:bucketName = \"goog-data\" is invalid: must be a bucket name of 3-63 lowercase letters, digits, '-' or '_' (no dots, not starting with goog)",
    ],
    [{ "cluster:releaseChannel": "BETA" }, 'config cluster:releaseChannel = "BETA" is invalid: must be one of RAPID, REGULAR, STABLE'],
    [{ "piaa:profile": "staging" }, 'config piaa:profile = "staging" is invalid: must be one of dev, prod'],
    [{ "cluster:minNodes": "3", "cluster:maxNodes": "2" }, 'config cluster:minNodes = "3" is invalid: must be at most cluster:maxNodes (2)'],
    [{ "combiner:replicas": "3", "combiner:maxReplicas": "2" }, 'config combiner:replicas = "3" is invalid: must be at most combiner:maxReplicas (2)'],
    [{ "proxy:minInstances": "3", "proxy:maxInstances": "2" }, 'config proxy:minInstances = "3" is invalid: must be at most proxy:maxInstances (2)'],
    [
      { "combiner:autoscale": "false", "combiner:backlogPerReplica": "1" },
      'config combiner:backlogPerReplica = "1" is invalid: needs combiner:autoscale true (a fixed Deployment has no HPA)',
    ],
    [
      { "dashboard:viewers": "user:ana@example.org" },
      "config dashboard:oauthClientId = (not set) is invalid: IAP needs an OAuth client when dashboard:viewers is set (see README, Deploying)",
    ],
    [
      { "dashboard:viewers": "user:ana@example.org", "dashboard:oauthClientId": "x", "proxy:createApplication": "false" },
      'config dashboard:viewers = "user:ana@example.org" is invalid: IAP is switched on with the App Engine application: set it only on the stack with proxy:createApplication=true',
    ],
  ])("refuses %j", (overrides, message) => {
    expect(() => resolveInfraConfig("dev", { ...project, ...overrides })).toThrow(message);
  });

  it("says how to set an unset project", () => {
    expect(() => resolveInfraConfig("dev", {})).toThrow("config gcp:project = (not set) is invalid: set it with `pulumi config set gcp:project <project-id>`");
  });

  it("accepts a backlog target with autoscaling and the largest one", () => {
    expect(resolveInfraConfig("dev", { ...project, "combiner:backlogPerReplica": "1000000" }).combiner.backlogPerReplica).toBe(1_000_000);
    expect(() => resolveInfraConfig("dev", { ...project, "combiner:backlogPerReplica": "1000001" })).toThrow("combiner:backlogPerReplica");
  });
});
