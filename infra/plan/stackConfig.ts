/**
 * Config of a stack as `piaa plan` feeds it to the program: Pulumi.<stack>.yaml read by us
 * (under mocks Pulumi does not read stack files), then `--config key=value` overrides.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import yaml from "js-yaml";
import { UsageError } from "../../runtime/core/commandLine.js";
import { nearestName } from "../../runtime/core/nearestName.js";

/** Project id used when the stack file does not set gcp:project: plans need no real project. */
export function placeholderProject(stack: string): string {
  return `piaa-plan-${stack}`.toLowerCase().replace(/[^a-z0-9-]/g, "-").slice(0, 30);
}

/** Flat `namespace:key` → string map of a stack file's `config:` block. Pure. */
export function parseStackConfig(file: string, text: string): Record<string, string> {
  const document = yaml.load(text) as { config?: Record<string, unknown> } | null;
  const config = document?.config ?? {};
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    if (!key.includes(":")) throw new UsageError(`${file}: config key ${JSON.stringify(key)} has no namespace`);
    if (value !== null && typeof value === "object") {
      // Encrypted values (`secure:`) cannot be read without the stack's key; plans never need them.
      if ("secure" in value) continue;
      flat[key] = JSON.stringify(value);
    } else {
      flat[key] = String(value);
    }
  }
  return flat;
}

/** Parses one `--config key=value` override. */
export function parseOverride(text: string): [string, string] {
  const at = text.indexOf("=");
  const key = text.slice(0, at).trim();
  if (at < 1 || !/^[A-Za-z0-9_-]+:[A-Za-z0-9_.-]+$/.test(key)) {
    throw new UsageError(`--config ${JSON.stringify(text)}: expected namespace:key=value, e.g. combiner:replicas=5`);
  }
  return [key, text.slice(at + 1)];
}

/** commander argParser for a repeatable `--config namespace:key=value`: collects the overrides. */
export function collectOverride(text: string, previous: Record<string, string> = {}): Record<string, string> {
  const [key, value] = parseOverride(text);
  return { ...previous, [key]: value };
}

/** A `--config` key the program does not read (a typo, a foreign namespace) would change nothing: refused, naming the likely key. */
export function checkOverrideKeys(overrides: Record<string, string>, knownKeys: readonly string[]): void {
  for (const key of Object.keys(overrides)) {
    if (knownKeys.includes(key)) continue;
    const guess = nearestName(key, knownKeys);
    throw new UsageError(`--config ${key}: the program reads no such key; ${guess ? `did you mean ${guess}?` : `the keys are ${knownKeys.join(", ")}`}`);
  }
}

/** The config a plan of `stack` runs with. */
export async function planConfig(root: string, stack: string, overrides: Record<string, string> = {}): Promise<Record<string, string>> {
  // Loaded here, not at the top: infra/config.ts loads the Pulumi SDK, which `piaa` commands other than plan do without.
  const { CONFIG_KEYS, SECRET_CONFIG_KEYS } = await import("../config.js");
  checkOverrideKeys(overrides, [...CONFIG_KEYS, ...SECRET_CONFIG_KEYS]);
  const file = path.join(root, `Pulumi.${stack}.yaml`);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new UsageError(`no stack file ${path.basename(file)}: --stack must name a stack of this project (dev, prod)`);
  }
  return { "gcp:project": placeholderProject(stack), ...parseStackConfig(path.basename(file), text), ...overrides };
}
