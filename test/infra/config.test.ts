import { describe, expect, it } from "vitest";
import { InfraConfigError, labelValue, resolveInfraConfig } from "../../infra/config.js";
import { dev } from "../../infra/stacks/dev.js";
import { prod } from "../../infra/stacks/prod.js";

const project = { "gcp:project": "my-project-1" };

describe("resolveInfraConfig", () => {
  it("takes every default from the stack's profile", () => {
    const config = resolveInfraConfig("dev", project);
    expect(config.region).toBe(dev.region);
    expect(config.cluster.location).toBe(`${dev.region}-a`);
    expect(config.cluster.privateNodes).toBe(false);
    expect(config.combiner).toEqual({
      replicas: dev.combinerReplicas,
      maxReplicas: dev.combinerMaxReplicas,
      targetCpuPercent: dev.combinerTargetCpuPercent,
      autoscale: true,
      backlogPerReplica: 0,
    });
    expect(config.bucketName).toBe("my-project-1-piaa-dev");
    expect(config.labels).toEqual({ app: "piaa", env: "dev" });
  });

  it("gives prod a regional cluster with private nodes and more replicas", () => {
    const config = resolveInfraConfig("prod", project);
    expect(config.cluster.location).toBe(prod.region);
    expect(config.cluster.privateNodes).toBe(true);
    expect(config.cluster.deletionProtection).toBe(true);
    expect(config.combiner.replicas).toBeGreaterThan(dev.combinerReplicas);
  });

  it("lets config override the profile", () => {
    const config = resolveInfraConfig("dev", {
      ...project,
      "combiner:replicas": "3",
      "combiner:maxReplicas": "9",
      "cluster:machineType": "n2-highmem-8",
      "proxy:createApplication": "false",
      "gcp:region": "europe-west4",
    });
    expect(config.combiner.replicas).toBe(3);
    expect(config.combiner.maxReplicas).toBe(9);
    expect(config.cluster.machineType).toBe("n2-highmem-8");
    expect(config.cluster.location).toBe("europe-west4-a");
    expect(config.proxy.createApplication).toBe(false);
  });

  it("raises an unset HPA ceiling to the requested floor, so `config set combiner:replicas 6` just works", () => {
    expect(resolveInfraConfig("dev", { ...project, "combiner:replicas": "6" }).combiner).toMatchObject({ replicas: 6, maxReplicas: 6 });
  });

  it("allows more fixed replicas than the HPA ceiling when autoscaling is off", () => {
    const config = resolveInfraConfig("dev", { ...project, "combiner:autoscale": "false", "combiner:replicas": "5" });
    expect(config.combiner).toMatchObject({ autoscale: false, replicas: 5 });
  });

  it("uses the dev profile for other stack names and names env after the stack", () => {
    const config = resolveInfraConfig("Staging.EU", project);
    expect(config.cluster.privateNodes).toBe(dev.privateNodes);
    expect(config.labels.env).toBe("staging-eu");
  });

  it.each([
    [{ "combiner:replicas": "0" }, "combiner:replicas", "from 1 to 100"],
    [{ "combiner:replicas": "2.5" }, "combiner:replicas", "integer"],
    [{ "combiner:replicas": "five" }, "combiner:replicas", "integer"],
    [{ "combiner:replicas": "6", "combiner:maxReplicas": "4" }, "combiner:replicas", "at most combiner:maxReplicas (4)"],
    [{ "combiner:targetCpuPercent": "120" }, "combiner:targetCpuPercent", "from 10 to 95"],
    [{ "combiner:autoscale": "yes" }, "combiner:autoscale", "true or false"],
    [{ "combiner:backlogPerReplica": "-1" }, "combiner:backlogPerReplica", "from 0 to 1000000"],
    [{ "combiner:autoscale": "false", "combiner:backlogPerReplica": "300" }, "combiner:backlogPerReplica", "needs combiner:autoscale true"],
    [{ "cluster:minNodes": "5", "cluster:maxNodes": "2" }, "cluster:minNodes", "at most cluster:maxNodes (2)"],
    [{ "cluster:maxNodes": "0" }, "cluster:maxNodes", "from 1 to 100"],
    [{ "cluster:machineType": "large" }, "cluster:machineType", "machine type"],
    [{ "cluster:machineType": "E2-standard-4" }, "cluster:machineType", "machine type"],
    [{ "cluster:releaseChannel": "BETA" }, "cluster:releaseChannel", "RAPID, REGULAR, STABLE"],
    [{ "proxy:minInstances": "3", "proxy:maxInstances": "2" }, "proxy:minInstances", "at most proxy:maxInstances (2)"],
    [{ "gcp:region": "mars" }, "gcp:region", "region"],
    [{ "piaa:bucketName": "Bad_Bucket!" }, "piaa:bucketName", "bucket name"],
    [{ "piaa:profile": "staging" }, "piaa:profile", "dev, prod"],
    [{ "gcp:project": "x" }, "gcp:project", "project id"],
  ])("rejects %j naming %s", (overrides, key, allowed) => {
    let error: unknown;
    try {
      resolveInfraConfig("dev", { ...project, ...overrides });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InfraConfigError);
    expect((error as InfraConfigError).key).toBe(key);
    expect((error as Error).message).toContain(key);
    expect((error as Error).message).toContain(allowed);
  });

  it("requires gcp:project and says how to set it", () => {
    expect(() => resolveInfraConfig("dev", {})).toThrow(/gcp:project.*pulumi config set gcp:project/);
  });
});

describe("labelValue", () => {
  it.each([
    ["dev", "dev"],
    ["Prod", "prod"],
    ["team.a/b", "team-a-b"],
    ["x".repeat(80), "x".repeat(63)],
  ])("%s → %s", (stack, label) => {
    expect(labelValue(stack)).toBe(label);
  });
});
