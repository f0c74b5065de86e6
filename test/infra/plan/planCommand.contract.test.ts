/**
 * `piaa plan` exits with a finding (status 1) when the planned program breaks a rule of the cloud
 * contract, as it does on a mandatory policy violation: the verdicts alone, printed, would let a
 * script or CI job go on to `pulumi up`. Run in this process with a program of one resource (given
 * through planCommand's `capture`) that grants to allUsers (the contract's no-public-principals rule, after
 * https://cloud.google.com/iam/docs/principal-identifiers); milliseconds instead of a plan worker's
 * seconds. The pack flags that grant too (a mandatory violation, also status 1), so the test asks
 * for the contract's own message: the contract is judged, and reported, first.
 */
import { afterEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { checkPlannedContract } from "../../../infra/plan/planContract.js";
import { planCommand } from "../../../infra/plan/planCommand.js";
import { FindingError } from "../../../runtime/core/errors.js";

const publicGrant = { type: "example:iam/grant:Grant", name: "public-grant", parent: null, inputs: { member: "allUsers", role: "roles/viewer" } };
const program = { resources: [publicGrant], outputs: {} };

let stdout: MockInstance<typeof process.stdout.write> | undefined;
afterEach(() => stdout?.mockRestore());

describe("piaa plan on a program that breaks the cloud contract", () => {
  it("throws a FindingError naming the stack and how many rules are broken", async () => {
    const broken = new Set(checkPlannedContract(program, new Date()).map((finding) => finding.rule));
    expect([...broken]).toEqual(["no-public-principals"]);
    const findings = checkPlannedContract(program, new Date()).length;
    stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const run = planCommand(() => Promise.resolve(program)).exitOverride().parseAsync(["--stack", "dev"], { from: "user" });
    await expect(run).rejects.toThrow(FindingError);
    await expect(run).rejects.toThrow(`dev: ${findings} cloud contract rule(s) broken`);
  });
});
