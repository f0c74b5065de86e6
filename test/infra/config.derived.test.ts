/**
 * resolveInfraConfig's derived values and boundaries: what the stack gets when a key is unset,
 * equal floors and ceilings (allowed), the ends of each key's range, and which profile a stack
 * name selects. The error cases by key are in config.test.ts.
 */
import { describe, expect, it } from "vitest";
import { InfraConfigError, labelValue, resolveInfraConfig, type RawConfig } from "../../infra/config.js";
import { prod } from "../../infra/stacks/prod.js";

const project = { "gcp:project": "my-project-1" };
/** Room in the node pool, so the capacity check does not answer first. */
const bigPool = { ...project, "cluster:machineType": "e2-standard-8", "cluster:maxNodes": "100" };

function rejectedKey(raw: RawConfig): string | undefined {
  try {
    resolveInfraConfig("dev", raw);
    return undefined;
  } catch (error) {
    if (error instanceof InfraConfigError) return error.key;
    throw error;
  }
}

describe("resolveInfraConfig derived values", () => {
  it("spreads a regional cluster's pool over 3 zones at the region, a zonal one over 1 zone at <region>-a", () => {
    expect(resolveInfraConfig("dev", project).cluster).toMatchObject({ location: "us-central1-a", zones: 1 });
    expect(resolveInfraConfig("prod", project).cluster).toMatchObject({ location: prod.region, zones: 3 });
    expect(resolveInfraConfig("dev", { ...project, "cluster:regional": "true" }).cluster).toMatchObject({ location: "us-central1", zones: 3 });
  });

  it("gives the analyzer one pod and a ceiling of four unless told, and raises an unset ceiling to the floor", () => {
    expect(resolveInfraConfig("dev", project).analyzer).toEqual({ replicas: 1, maxReplicas: 4 });
    expect(resolveInfraConfig("dev", { ...bigPool, "analyzer:replicas": "6" }).analyzer).toEqual({ replicas: 6, maxReplicas: 6 });
    expect(resolveInfraConfig("dev", { ...bigPool, "analyzer:replicas": "3", "analyzer:maxReplicas": "3" }).analyzer).toEqual({ replicas: 3, maxReplicas: 3 });
    expect(() => resolveInfraConfig("dev", { ...bigPool, "analyzer:replicas": "5", "analyzer:maxReplicas": "3" })).toThrow(/analyzer:replicas.*at most analyzer:maxReplicas \(3\)/);
  });

  it("raises an unset proxy ceiling to the floor, and takes equal floors and ceilings everywhere", () => {
    expect(resolveInfraConfig("dev", { ...project, "proxy:minInstances": "5" }).proxy).toMatchObject({ minInstances: 5, maxInstances: 5 });
    expect(resolveInfraConfig("dev", { ...project, "proxy:minInstances": "0", "proxy:maxInstances": "1" }).proxy).toMatchObject({ minInstances: 0, maxInstances: 1 });
    expect(resolveInfraConfig("dev", { ...project, "proxy:minInstances": "4", "proxy:maxInstances": "4" }).proxy).toMatchObject({ minInstances: 4, maxInstances: 4 });
    expect(resolveInfraConfig("dev", { ...project, "cluster:minNodes": "3", "cluster:maxNodes": "3" }).cluster).toMatchObject({ minNodes: 3, maxNodes: 3 });
    expect(resolveInfraConfig("dev", { ...bigPool, "combiner:replicas": "5", "combiner:maxReplicas": "5" }).combiner).toMatchObject({ replicas: 5, maxReplicas: 5 });
  });

  it.each([
    ["cluster:minNodes", "0", "-1"],
    ["cluster:maxNodes", "100", "101"],
    ["combiner:targetCpuPercent", "10", "9"],
    ["combiner:targetCpuPercent", "95", "96"],
    ["proxy:maxInstances", "100", "101"],
    ["proxy:minInstances", "0", "-1"],
    ["analyzer:replicas", "1", "0"],
    ["analyzer:maxReplicas", "1", "0"],
    ["combiner:maxReplicas", "1", "0"],
  ])("accepts %s = %s and rejects %s", (key, inside, outside) => {
    expect(rejectedKey({ ...bigPool, [key]: inside })).toBeUndefined();
    expect(rejectedKey({ ...bigPool, [key]: outside })).toBe(key);
  });

  it("takes the proxy's host name only when it is one, and leaves it unset otherwise", () => {
    expect(resolveInfraConfig("dev", project).proxy.hostname).toBeUndefined();
    expect(resolveInfraConfig("dev", { ...project, "proxy:hostname": "my-project.appspot.com" }).proxy.hostname).toBe("my-project.appspot.com");
    expect(() => resolveInfraConfig("dev", { ...project, "proxy:hostname": "not a host" })).toThrow(
      'config proxy:hostname = "not a host" is invalid: must be a host name such as my-project.appspot.com',
    );
  });

  it("lets force-destroy of the bucket follow the profile unless set", () => {
    expect(resolveInfraConfig("dev", project).forceDestroyBucket).toBe(true);
    expect(resolveInfraConfig("prod", project).forceDestroyBucket).toBe(false);
    expect(resolveInfraConfig("dev", { ...project, "piaa:forceDestroyBucket": "false" }).forceDestroyBucket).toBe(false);
  });

  it("selects the profile by piaa:profile over the stack name, and names env and bucket after the stack", () => {
    const staging = resolveInfraConfig("staging", { ...project, "piaa:profile": "prod" });
    expect(staging.cluster).toMatchObject({ privateNodes: true, machineType: prod.machineType, zones: 3 });
    expect(staging.labels).toEqual({ app: "piaa", env: "staging" });
    expect(staging.bucketName).toBe("my-project-1-piaa-staging");
    expect(resolveInfraConfig("prod", { ...project, "piaa:profile": "dev" }).cluster.privateNodes).toBe(false);
  });

  it("reads a blank OAuth client id as unset and drops blank items of a list", () => {
    const viewers = { ...project, "dashboard:viewers": " user:ana@example.org, ,", "dashboard:oauthClientId": "   " };
    expect(() => resolveInfraConfig("dev", viewers)).toThrow("config dashboard:oauthClientId = (not set) is invalid: IAP needs an OAuth client");
    expect(resolveInfraConfig("dev", { ...viewers, "dashboard:oauthClientId": " id.apps.googleusercontent.com " }).dashboard).toEqual({
      viewers: ["user:ana@example.org"],
      oauthClientId: "id.apps.googleusercontent.com",
    });
  });

  it("refuses viewers on a stack that joins another's application, quoting the value", () => {
    const joining = { ...project, "dashboard:viewers": "user:ana@example.org", "dashboard:oauthClientId": "x", "proxy:createApplication": "false" };
    expect(() => resolveInfraConfig("dev", joining)).toThrow('config dashboard:viewers = "user:ana@example.org" is invalid: IAP is switched on with the App Engine application');
  });
});

describe("labelValue", () => {
  it("keeps underscores and hyphens, and names an empty stack 'none'", () => {
    expect(labelValue("team_a-1")).toBe("team_a-1");
    expect(labelValue("")).toBe("none");
    expect(labelValue("...")).toBe("---");
  });
});
