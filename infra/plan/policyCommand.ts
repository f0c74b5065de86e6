/**
 * `piaa policy check`: evaluates the pack (policies/, which judges any program and imports
 * nothing from infra/) against the program's resources as captured under
 * mocks for a stack (`--stack dev|prod`), or against any JSON list of `{type, name, props}`
 * (`--resources FILE`). Prints violations grouped by policy; exit 1 on any mandatory one.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Command, Option } from "commander";
import { z } from "zod";
import { collectOverride } from "./stackConfig.js";
import { jsonOption, UsageError } from "../../runtime/core/commandLine.js";
import { FindingError } from "../../runtime/core/errors.js";
// The policies load @pulumi/gcp and @pulumi/kubernetes (~1.5 s): imported only when a check runs,
// so that every other `piaa` command starts fast.
import type { PlannedResource } from "./plannedResource.js";
import type { PolicyInputResource, PolicyPackConfig, Violation } from "../../policies/evaluatePolicies.js";

const packDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../policies");

const resourceFileSchema = z.array(
  z.object({
    type: z.string().min(1),
    name: z.string().min(1),
    props: z.record(z.string(), z.unknown()).default({}),
    dependsOn: z.array(z.string()).optional(),
    parent: z.string().nullable().optional(),
  }),
);

async function readJson(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what} ${file} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Resources from a `--resources` file, validated so a typo names the entry at fault. */
export async function readResourceFile(file: string): Promise<PolicyInputResource[]> {
  const parsed = resourceFileSchema.safeParse(await readJson(file, "resource file"));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`resource file ${file}: entry ${issue.path.join(".")}: ${issue.message} (expected [{type, name, props}])`);
  }
  return parsed.data;
}

/** The pack configuration a stack is checked with (the file `pulumi preview --policy-pack-config` takes). */
export async function stackPolicyConfig(stack: string): Promise<PolicyPackConfig> {
  return (await readJson(path.join(packDir, "config", `${stack}.json`), "policy config")) as PolicyPackConfig;
}

/** A planned resource as the policies see it: its inputs are the props they check. */
export function policyInputOf(planned: PlannedResource): PolicyInputResource {
  return { type: planned.type, name: planned.name, props: planned.inputs, dependsOn: planned.dependsOn, parent: planned.parent };
}

/** The pack's verdict on a stack's planned resources, with that stack's pack configuration. */
export async function checkPlannedStack(stack: string, planned: PlannedResource[]): Promise<Violation[]> {
  const { evaluatePolicies } = await import("../../policies/evaluatePolicies.js");
  return evaluatePolicies(planned.map(policyInputOf), { config: await stackPolicyConfig(stack) });
}

/** The program's resources for a stack, as `piaa plan` captures them under mocks. */
async function stackResources(stack: string, overrides: Record<string, string>): Promise<PolicyInputResource[]> {
  const { capturePlan } = await import("./capturePlan.js");
  return (await capturePlan({ stack, overrides })).map(policyInputOf);
}

export async function checkPolicies(options: { stack?: string; resources?: string; config?: string; overrides?: Record<string, string> }): Promise<Violation[]> {
  if (!options.stack === !options.resources) throw new UsageError("give exactly one of --stack dev|prod or --resources FILE.json");
  const resources = options.stack ? await stackResources(options.stack, options.overrides ?? {}) : await readResourceFile(options.resources!);
  const config = options.config
    ? ((await readJson(options.config, "policy config")) as PolicyPackConfig)
    : options.stack
      ? await stackPolicyConfig(options.stack)
      : {};
  const { evaluatePolicies } = await import("../../policies/evaluatePolicies.js");
  return evaluatePolicies(resources, { config });
}

/** A mandatory violation is the finding `policy check` and `plan` exist to report: exit status 1. */
export function throwOnMandatory(subject: string, violations: readonly Violation[]): void {
  const mandatory = violations.filter((v) => v.enforcement === "mandatory").length;
  if (mandatory > 0) throw new FindingError(subject, `${subject}: ${mandatory} mandatory policy violation(s)`);
}

export function policyCommand(): Command {
  const check = new Command("check")
    .description("evaluate the policy pack against a stack's planned resources or a JSON resource list")
    .addOption(new Option("--stack <stack>", "check the program's resources for this stack").choices(["dev", "prod"]))
    .option("--resources <file>", "check a JSON array of {type, name, props} instead")
    .option("--config <key=value>", "stack config override (with --stack), e.g. combiner:replicas=5; repeatable", collectOverride)
    .option("--pack-config <file>", "policy pack config JSON (default: policies/config/<stack>.json)")
    .addOption(jsonOption())
    .action(async (opts: { stack?: string; resources?: string; config?: Record<string, string>; packConfig?: string; json?: boolean }) => {
      const violations = await checkPolicies({ stack: opts.stack, resources: opts.resources, config: opts.packConfig, overrides: opts.config });
      const { formatViolations } = await import("../../policies/evaluatePolicies.js");
      process.stdout.write(opts.json ? `${JSON.stringify(violations, null, 2)}\n` : formatViolations(violations));
      throwOnMandatory(opts.stack ?? opts.resources!, violations);
    });
  return new Command("policy").description("the PIAA policy pack").addCommand(check);
}
