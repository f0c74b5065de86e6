/**
 * `piaa plan --json` run in this process (planCommand.test.ts spawns bin/piaa.js, which mutation
 * runs cannot see): stdout is the resource array alone, as README's `npm run plan -- … --json`
 * promises for piping into jq, and the verdicts go to stderr.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { planCommand } from "../../../infra/plan/planCommand.js";

// capturePlan bounds its worker at 120 s; a loaded machine needs the margin.
const PLAN_TEST_TIMEOUT_MS = 150_000;

afterEach(() => vi.restoreAllMocks());

function capture(stream: NodeJS.WriteStream): () => string {
  let text = "";
  vi.spyOn(stream, "write").mockImplementation((chunk) => {
    text += String(chunk);
    return true;
  });
  return () => text;
}

describe("piaa plan --json, in process", () => {
  it("prints the resources as JSON on stdout and every verdict on stderr", { timeout: PLAN_TEST_TIMEOUT_MS }, async () => {
    const stdout = capture(process.stdout);
    const stderr = capture(process.stderr);
    await planCommand().exitOverride().parseAsync(["--stack", "dev", "--json"], { from: "user" });
    vi.restoreAllMocks();
    const rows = JSON.parse(stdout()) as { type: string; name: string; parent: string | null; dependsOn: string[]; inputs: Record<string, unknown> }[];
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) expect(Object.keys(row).sort()).toEqual(["dependsOn", "inputs", "name", "parent", "type"]);
    const deployment = rows.find((row) => row.type === "kubernetes:apps/v1:Deployment" && row.name === "combiner-deployment");
    expect(deployment?.parent).toBe("combiner");
    expect(deployment?.dependsOn.length).toBeGreaterThan(0);
    expect(stderr()).toMatch(/cloud contract \(policies\/contract\/contractRules\.ts\):/);
    expect(stderr()).toMatch(/policy pack \(policies\/config\/dev\.json\):[\s\S]*(\d+) of \1 policies pass\./);
  });
});
