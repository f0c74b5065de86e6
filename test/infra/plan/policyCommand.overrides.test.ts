import { describe, expect, it } from "vitest";
import { checkPolicies } from "../../../infra/plan/policyCommand.js";
// capturePlan bounds its worker at 120 s; a loaded machine needs the margin.
const PLAN_TEST_TIMEOUT_MS = 150_000;

describe("piaa policy check --stack with --config overrides", () => {
  it("judges the stack as overridden, not as its file says", { timeout: PLAN_TEST_TIMEOUT_MS }, async () => {
    // prod's file keeps nodes private (and its pack config requires it): the override turns them
    // public, so the one violation below exists only if the override reached the program.
    const violations = await checkPolicies({ stack: "prod", overrides: { "cluster:privateNodes": "false" } });
    expect(violations.filter((v) => v.enforcement === "mandatory")).toEqual([
      expect.objectContaining({ policy: "gke-private-nodes", resource: "gke-cluster" }),
    ]);
  });
});
