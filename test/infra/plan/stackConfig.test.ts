import { describe, expect, it } from "vitest";
import { REPOSITORY_ROOT } from "../../../infra/bundle/bundleService.js";
import { resolveInfraConfig } from "../../../infra/config.js";
import { parseOverride, parseStackConfig, planConfig } from "../../../infra/plan/stackConfig.js";

describe("stack config for plans", () => {
  it("flattens a stack file, stringifying values and skipping encrypted ones", () => {
    const text = ["config:", "  gcp:region: europe-west4", "  combiner:replicas: 4", "  combiner:autoscale: false", "  piaa:token:", "    secure: AAABAKx="].join("\n");
    expect(parseStackConfig("Pulumi.x.yaml", text)).toEqual({
      "gcp:region": "europe-west4",
      "combiner:replicas": "4",
      "combiner:autoscale": "false",
    });
  });

  it("rejects keys without a namespace, naming the file", () => {
    expect(() => parseStackConfig("Pulumi.x.yaml", "config:\n  replicas: 4\n")).toThrow(/Pulumi\.x\.yaml.*"replicas"/);
  });

  it.each([
    ["combiner:replicas=5", ["combiner:replicas", "5"]],
    ["proxy:hostname=a=b", ["proxy:hostname", "a=b"]],
  ])("parses --config %s", (text, pair) => {
    expect(parseOverride(text)).toEqual(pair);
  });

  it.each(["replicas=5", "=5", "combiner:replicas"])("rejects --config %s", (text) => {
    expect(() => parseOverride(text)).toThrow("namespace:key=value");
  });

  it.each(["dev", "prod"])("reads Pulumi.%s.yaml, which resolves to a valid config", async (stack) => {
    const config = await planConfig(REPOSITORY_ROOT, stack, { "combiner:replicas": "2" });
    expect(config["gcp:project"]).toBe(`piaa-plan-${stack}`);
    expect(config["combiner:replicas"]).toBe("2");
    expect(resolveInfraConfig(stack, config).combiner.replicas).toBe(2);
  });

  it("names the stacks when the file does not exist", async () => {
    await expect(planConfig(REPOSITORY_ROOT, "nope")).rejects.toThrow(/Pulumi\.nope\.yaml.*dev, prod/);
  });
});
