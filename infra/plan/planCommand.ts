/**
 * `piaa plan --stack dev|prod [--config key=value ...] [--json]` (design §7): what `pulumi up`
 * would create for a stack, computed offline under mocks — no credentials, no cloud. Prints the
 * resource tree, or with --json `[{type, name, parent, inputs}]`; exits non-zero naming the key
 * when the config is invalid.
 */
import { Command, Option } from "commander";
import { jsonOption } from "../../runtime/core/commandLine.js";
import { parseOverride } from "./stackConfig.js";

function collectOverride(text: string, previous: Record<string, string>): Record<string, string> {
  const [key, value] = parseOverride(text);
  return { ...previous, [key]: value };
}

export function planCommand(): Command {
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
      // Loaded on use: the Pulumi SDK takes seconds to import and other commands don't need it.
      const { capturePlan } = await import("./capturePlan.js");
      const { formatPlanTree } = await import("./formatPlan.js");
      const resources = await capturePlan({ stack: options.stack, overrides: options.config });
      if (options.json) {
        const rows = resources.map(({ type, name, parent, inputs }) => ({ type, name, parent, inputs }));
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      } else {
        process.stdout.write(formatPlanTree(options.stack, resources));
      }
    });
}
