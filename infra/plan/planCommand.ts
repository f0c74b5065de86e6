/**
 * `piaa plan --stack dev|prod [--config key=value ...] [--json]` (design §7): what `pulumi up`
 * would create for a stack, computed offline under mocks — no credentials, no cloud. Prints the
 * resource tree and every policy's verdict on it, or with --json
 * `[{type, name, parent, dependsOn, inputs}]` (dependsOn: explicit and through inputs);
 * exits non-zero naming the key when the config is invalid, and with status 1 on a mandatory
 * policy violation (as `pulumi preview --policy-pack` would).
 */
import { Command, Option } from "commander";
import { jsonOption } from "../../runtime/core/commandLine.js";
import { FindingError } from "../../runtime/core/errors.js";
import { processOutput } from "../../runtime/core/outputFiles.js";
import type { CapturePlanOptions } from "./capturePlan.js";
import type { PlannedProgram } from "./plannedResource.js";
import { collectOverride } from "./stackConfig.js";

/** Runs the stack's program under mocks; loaded on use: the Pulumi SDK takes seconds to import and other commands don't need it. */
const captureUnderMocks = async (options: CapturePlanOptions): Promise<PlannedProgram> => (await import("./capturePlan.js")).captureProgram(options);

/** `capture` is the program run (tests give a program of their own). */
export function planCommand(capture: (options: CapturePlanOptions) => Promise<PlannedProgram> = captureUnderMocks): Command {
  return new Command("plan")
    .description("show the cloud resources a stack would create (offline, under Pulumi mocks)")
    .addOption(new Option("--stack <name>", "stack whose Pulumi.<name>.yaml is used").choices(["dev", "prod"]).makeOptionMandatory())
    .addOption(
      new Option("--config <key=value>", "override a config value, e.g. combiner:replicas=5 (repeatable)")
        .argParser(collectOverride)
        .default({}, "none"),
    )
    .addOption(jsonOption())
    .action(async (options: { stack: string; config: Record<string, string>; json?: boolean }) => {
      const { formatPlanTree } = await import("./formatPlan.js");
      const { resources, outputs } = await capture({ stack: options.stack, overrides: options.config });
      if (options.json) {
        // dependsOn: what the resource waits for, explicit and through its inputs (the engine's order).
        const rows = resources.map(({ type, name, parent, dependsOn = [], inputs }) => ({ type, name, parent, dependsOn, inputs }));
        processOutput.stdout(`${JSON.stringify(rows, null, 2)}\n`);
      } else {
        processOutput.stdout(formatPlanTree(options.stack, resources));
      }
      const { checkPlannedContract } = await import("./planContract.js");
      const findings = checkPlannedContract({ resources, outputs }, new Date());
      const { formatContractVerdicts } = await import("../../policies/contract/cloudContract.js");
      // With --json, stdout stays the resource array; the verdicts go to stderr.
      (options.json ? processOutput.stderr : processOutput.stdout)(`\ncloud contract (policies/contract/contractRules.ts):\n${formatContractVerdicts(findings)}`);
      const { checkPlannedStack, throwOnMandatory } = await import("./policyCommand.js");
      const { formatVerdicts } = await import("../../policies/evaluatePolicies.js");
      const { piaaPolicies } = await import("../../policies/piaaPolicies.js");
      const violations = await checkPlannedStack(options.stack, resources);
      // With --json, stdout stays the resource array; the verdicts go to stderr.
      (options.json ? processOutput.stderr : processOutput.stdout)(`\npolicy pack (policies/config/${options.stack}.json):\n${formatVerdicts(piaaPolicies, violations)}`);
      if (findings.length > 0) throw new FindingError(options.stack, `${options.stack}: ${findings.length} cloud contract rule(s) broken`);
      throwOnMandatory(options.stack, violations);
    });
}
