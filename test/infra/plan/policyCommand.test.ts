import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatViolations } from "../../../policies/evaluatePolicies.js";
import { checkPolicies, throwOnMandatory } from "../../../infra/plan/policyCommand.js";
import { FindingError } from "../../../runtime/core/errors.js";
import { runPiaa } from "../../piaaCli.js";
import { goodStack } from "../../policies/resourceFixtures.js";

const root = path.resolve(__dirname, "../../..");
const badFile = path.join(root, "test/fixtures/policies/bad-resources.json");

describe("piaa policy check", () => {
  it("exits 1 on mandatory violations, printing them as JSON on request", async () => {
    const json = await runPiaa("policy", "check", "--resources", badFile, "--json");
    // stdout is the JSON alone; the finding's one line goes to stderr.
    expect(json.stderr).toBe(`piaa: ${badFile}: 5 mandatory policy violation(s)\n`);
    expect(json.code).toBe(1);
    const violations = JSON.parse(json.stdout) as { policy: string; enforcement: string; resource: string; message: string }[];
    expect(violations).toHaveLength(5);
    expect(Object.keys(violations[0]!).sort()).toEqual(["enforcement", "message", "policy", "resource"]);
  });

  it("groups violations by policy for people, and finds none in a clean list", async () => {
    const text = formatViolations(await checkPolicies({ resources: badFile }));
    expect(text).toMatch(/workload-hpa-min-max \(mandatory\): 1 violation\n {2}- HorizontalPodAutoscaler "inverted-hpa"/);
    const dir = await mkdtemp(path.join(tmpdir(), "piaa-policy-"));
    const file = path.join(dir, "good.json");
    await writeFile(file, JSON.stringify(goodStack()));
    expect(await checkPolicies({ resources: file })).toEqual([]);
  });

  it("names the bad entry of a malformed resource file", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "piaa-policy-"));
    const file = path.join(dir, "bad.json");
    await writeFile(file, JSON.stringify([{ type: "gcp:storage/bucket:Bucket", name: "a", props: {} }, { name: "b" }]));
    await expect(checkPolicies({ resources: file })).rejects.toThrow(/entry 1\.type/);
    await expect(checkPolicies({ resources: path.join(dir, "missing.json") })).rejects.toThrow(/cannot read resource file .*ENOENT/);
    await expect(checkPolicies({})).rejects.toThrow(/exactly one of --stack/);
  });

  it("fails only on mandatory violations, counting them (advisory ones are reported, not fatal)", async () => {
    const mandatory = await checkPolicies({ resources: badFile });
    expect(mandatory.length).toBeGreaterThan(1);
    const advisory = mandatory.map((v) => ({ ...v, enforcement: "advisory" as const }));
    expect(() => throwOnMandatory("plan dev", advisory)).not.toThrow();
    expect(() => throwOnMandatory("plan dev", [])).not.toThrow();
    const mixed = [...advisory, mandatory[0]!];
    expect(() => throwOnMandatory("plan dev", mixed)).toThrow(FindingError);
    expect(() => throwOnMandatory("plan dev", mixed)).toThrow("plan dev: 1 mandatory policy violation(s)");
  });
});
