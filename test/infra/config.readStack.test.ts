/**
 * readInfraConfig and readDashboardOauthSecret read the running stack's Pulumi config. Run here
 * in process under Pulumi's mocks (setMocks names the stack; setAllConfig is the config map the
 * CLI hands a program in PULUMI_CONFIG), so a wrong key or namespace fails in seconds rather than
 * only in the minute-long program tests (index.*.test.ts). This file's worker owns the global
 * Pulumi state: vitest runs each test file in its own process (pool "forks").
 */
import * as pulumi from "@pulumi/pulumi";
import { afterEach, describe, expect, it } from "vitest";
import { InfraConfigError, readDashboardOauthSecret, readInfraConfig } from "../../infra/config.js";
import { prod } from "../../infra/stacks/prod.js";

const noResources: pulumi.runtime.Mocks = {
  newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
  call: (args) => args.inputs,
};

function runStack(stack: string, config: Record<string, string>, secretKeys: string[] = []): void {
  void pulumi.runtime.setMocks(noResources, "piaa", stack, false);
  pulumi.runtime.setAllConfig(config, secretKeys);
}

afterEach(() => pulumi.runtime.setAllConfig({}));

describe("readInfraConfig", () => {
  it("reads one key of each namespace and resolves them over the running stack's profile", () => {
    runStack("prod", {
      "gcp:project": "my-project-1",
      "gcp:region": "europe-west4",
      "piaa:bucketName": "my-bucket",
      "cluster:spotNodes": "true",
      "combiner:maxReplicas": "12",
      "analyzer:replicas": "2",
      "proxy:service": "survey",
      "dashboard:oauthClientId": "id.apps.googleusercontent.com",
    });
    const config = readInfraConfig();
    expect(config).toMatchObject({ stack: "prod", project: "my-project-1", region: "europe-west4", bucketName: "my-bucket" });
    expect(config.cluster).toMatchObject({ spotNodes: true, privateNodes: prod.privateNodes, location: "europe-west4", zones: 3 });
    expect(config.combiner).toMatchObject({ replicas: prod.combinerReplicas, maxReplicas: 12 });
    expect(config.analyzer.replicas).toBe(2);
    expect(config.proxy.service).toBe("survey");
    expect(config.dashboard.oauthClientId).toBe("id.apps.googleusercontent.com");
  });

  it("names the stack's env label after the running stack and fails naming gcp:project when it is unset", () => {
    runStack("Team.B", { "gcp:project": "my-project-1" });
    expect(readInfraConfig().labels).toEqual({ app: "piaa", env: "team-b" });
    runStack("dev", {});
    expect(() => readInfraConfig()).toThrow(/config gcp:project = \(not set\) is invalid/);
  });
});

describe("readDashboardOauthSecret", () => {
  it("returns the secret as a secret output", async () => {
    runStack("dev", { "dashboard:oauthClientSecret": "s3cret" }, ["dashboard:oauthClientSecret"]);
    const secret = readDashboardOauthSecret();
    expect(await pulumi.isSecret(secret)).toBe(true);
    expect(await new Promise((resolve) => secret.apply(resolve))).toBe("s3cret");
  });

  it("refuses a missing secret naming the key and the command that sets it", () => {
    runStack("dev", { "dashboard:oauthClientId": "id.apps.googleusercontent.com" });
    let error: unknown;
    try {
      readDashboardOauthSecret();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InfraConfigError);
    expect((error as InfraConfigError).key).toBe("dashboard:oauthClientSecret");
    expect((error as Error).message).toContain("pulumi config set --secret dashboard:oauthClientSecret <secret>");
  });
});
