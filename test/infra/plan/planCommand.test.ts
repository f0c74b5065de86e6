/**
 * `piaa plan` as users run it. Config mistakes stop it before the program runs, naming the key;
 * the full program run is covered by test/infra/index.*.test.ts.
 */
import { describe, expect, it } from "vitest";
import { InfraConfigError } from "../../../infra/config.js";
import { capturePlan } from "../../../infra/plan/capturePlan.js";
import { runPiaa } from "../../piaaCli.js";

const PLAN_TEST_TIMEOUT_MS = 250_000;

describe("piaa plan", () => {
  it("exits non-zero naming the key and the allowed range on an invalid value", async () => {
    const result = await runPiaa("plan", "--stack", "dev", "--config", "combiner:replicas=0");
    // A bad value is an input error (2), not a finding (1: a policy violation).
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("combiner:replicas");
    expect(result.stderr).toContain("from 1 to 100");
    expect(result.stdout).toBe("");
  });

  // One whole-program `piaa plan` per test, each given more than runPiaa's 240 s bound on a child,
  // so a slow run ends with the child's output instead of a bare test timeout: at load 25–47 on 2
  // cores one run took over 120 s, the suite's default budget (a five-run series, 2026-12-06).
  it("shows what would be deployed and every policy verdict", { timeout: PLAN_TEST_TIMEOUT_MS }, async () => {
    const clean = await runPiaa("plan", "--stack", "dev");
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/^stack dev: \d+ resources\n/);
    expect(clean.stdout).toMatch(/combiner-deployment {2}kubernetes:apps\/v1:Deployment \[provider gke-k8s\]/);
    expect(clean.stdout).toMatch(/ {2}pass {2}gke-workload-identity\n/);
    expect(clean.stdout).toMatch(/(\d+) of \1 policies pass\.\n$/);
  });

  it("exits 1 on a mandatory policy violation", { timeout: PLAN_TEST_TIMEOUT_MS }, async () => {
    // prod's pack config requires private nodes: turning them off fails the plan, as a preview would.
    const publicNodes = await runPiaa("plan", "--stack", "prod", "--config", "cluster:privateNodes=false");
    expect(publicNodes.code).toBe(1);
    expect(publicNodes.stdout).toMatch(/ {2}FAIL {2}gke-private-nodes \(mandatory\): 1 violation\n {10}- Cluster "gke-cluster" gives nodes public IP addresses/);
  });

  it("rejects a malformed override as a usage error", async () => {
    const result = await runPiaa("plan", "--stack", "dev", "--config", "replicas");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("namespace:key=value");
  });
});

describe("capturePlan (used by piaa plan and the policy pack)", () => {
  it("throws InfraConfigError naming the key of an invalid value", async () => {
    const failure = capturePlan({ stack: "dev", overrides: { "cluster:machineType": "big" } });
    await expect(failure).rejects.toThrow(InfraConfigError);
    await expect(failure).rejects.toThrow("cluster:machineType");
  });

  it("rejects an invalid combination naming both keys", async () => {
    await expect(capturePlan({ stack: "prod", overrides: { "cluster:minNodes": "9", "cluster:maxNodes": "4" } })).rejects.toThrow(
      /cluster:minNodes.*cluster:maxNodes \(4\)/,
    );
  });

  it("rejects a stack without a stack file", async () => {
    await expect(capturePlan({ stack: "qa" })).rejects.toThrow("Pulumi.qa.yaml");
  });
});
