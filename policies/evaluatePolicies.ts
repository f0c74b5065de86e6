/**
 * Evaluates the pack's policies against a list of resources without the Pulumi engine: each
 * policy gets the same arguments the engine would give it (type, props = inputs, urn, name,
 * isType by type token, asType, notApplicable, getConfig with the pack config's values).
 */
import type {
  EnforcementLevel,
  Policies,
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import { piaaPolicies } from "./piaaPolicies.js";

/** A resource to check: its Pulumi type token, logical name and inputs. */
export interface PolicyInputResource {
  type: string;
  name: string;
  props: Record<string, unknown>;
  /** Logical names of the resources it depends on. */
  dependsOn?: string[];
  /** Logical name of its parent, if any. */
  parent?: string | null;
}

export interface Violation {
  policy: string;
  enforcement: EnforcementLevel;
  /** The violating resource's logical name, or null for a stack-wide finding. */
  resource: string | null;
  message: string;
}

/** Per-policy configuration, as in `pulumi preview --policy-pack-config FILE`. */
export type PolicyPackConfig = Record<string, { enforcementLevel?: EnforcementLevel } & Record<string, unknown>>;

class NotApplicable extends Error {}

type ClassWithType = { __pulumiType?: string };

function urnOf(resource: PolicyInputResource): string {
  return `urn:pulumi:stack::piaa::${resource.type}::${resource.name}`;
}

function configFor(policy: ResourceValidationPolicy | StackValidationPolicy, config: PolicyPackConfig): Record<string, unknown> {
  const defaults = Object.fromEntries(
    Object.entries(policy.configSchema?.properties ?? {})
      .filter(([, schema]) => (schema as { default?: unknown }).default !== undefined)
      .map(([key, schema]) => [key, (schema as { default?: unknown }).default]),
  );
  const { enforcementLevel: _level, ...values } = config[policy.name] ?? {};
  return { ...defaults, ...values };
}

const isType = (type: string) => (cls: unknown) => (cls as ClassWithType).__pulumiType === type;

function policyResources(resources: PolicyInputResource[]): PolicyResource[] {
  const byName = new Map<string, PolicyResource>();
  const policyResources = resources.map((r) => {
    const resource = {
      type: r.type,
      props: r.props,
      urn: urnOf(r),
      name: r.name,
      opts: {},
      dependencies: [] as PolicyResource[],
      propertyDependencies: {},
      isType: isType(r.type),
      asType: (cls: unknown) => (isType(r.type)(cls) ? r.props : undefined),
    } as unknown as PolicyResource;
    byName.set(r.name, resource);
    return resource;
  });
  resources.forEach((r, i) => {
    const resource = policyResources[i]!;
    resource.dependencies.push(...(r.dependsOn ?? []).flatMap((name) => byName.get(name) ?? []));
    const parent = r.parent ? byName.get(r.parent) : undefined;
    if (parent) (resource as { parent?: PolicyResource }).parent = parent;
  });
  return policyResources;
}

export async function evaluatePolicies(
  resources: PolicyInputResource[],
  options: { policies?: Policies; config?: PolicyPackConfig } = {},
): Promise<Violation[]> {
  const { policies = piaaPolicies, config = {} } = options;
  const violations: Violation[] = [];
  const namesByUrn = new Map(resources.map((r) => [urnOf(r), r.name]));
  const notApplicable = (reason?: string): never => {
    throw new NotApplicable(reason);
  };
  for (const policy of policies) {
    const enforcement = config[policy.name]?.enforcementLevel ?? policy.enforcementLevel ?? "advisory";
    if (enforcement === "disabled") continue;
    const getConfig = <T extends object>() => configFor(policy, config) as T;
    const record = (resource: string | null) => (message: string) => violations.push({ policy: policy.name, enforcement, resource, message });
    try {
      if ("validateStack" in policy) {
        await policy.validateStack({ resources: policyResources(resources), stackTags: new Map(), getConfig, notApplicable }, (message, urn) =>
          record(urn ? (namesByUrn.get(urn) ?? urn) : null)(message),
        );
        continue;
      }
      const validations = [policy.validateResource ?? []].flat();
      for (const resource of resources) {
        const args: ResourceValidationArgs = {
          type: resource.type,
          props: resource.props,
          urn: urnOf(resource),
          name: resource.name,
          opts: {} as ResourceValidationArgs["opts"],
          stackTags: new Map(),
          isType: isType(resource.type),
          asType: ((cls: unknown) => (isType(resource.type)(cls) ? resource.props : undefined)) as ResourceValidationArgs["asType"],
          getConfig,
          notApplicable,
        };
        for (const validate of validations) {
          try {
            await validate(args, record(resource.name));
          } catch (error) {
            if (!(error instanceof NotApplicable)) throw error;
          }
        }
      }
    } catch (error) {
      if (!(error instanceof NotApplicable)) throw error;
    }
  }
  return violations;
}

/** Violations grouped by policy, for people: one heading per policy, one line per violation. */
export function formatViolations(violations: Violation[]): string {
  if (violations.length === 0) return "No policy violations.\n";
  const byPolicy = new Map<string, Violation[]>();
  for (const v of violations) byPolicy.set(v.policy, [...(byPolicy.get(v.policy) ?? []), v]);
  const lines: string[] = [];
  for (const [policy, list] of byPolicy) {
    lines.push(`${policy} (${list[0]!.enforcement}): ${list.length} violation${list.length === 1 ? "" : "s"}`);
    for (const v of list) lines.push(`  - ${v.message}`);
  }
  const mandatory = violations.filter((v) => v.enforcement === "mandatory").length;
  lines.push("", `${violations.length} violation(s), ${mandatory} mandatory.`);
  return `${lines.join("\n")}\n`;
}

/**
 * Every policy's verdict, one line each (`pass`, or `FAIL` with its violations indented), for
 * output that must show what was checked as well as what failed (`piaa plan`).
 */
export function formatVerdicts(policies: Policies, violations: Violation[]): string {
  const lines = policies.map((policy) => {
    const found = violations.filter((v) => v.policy === policy.name);
    if (found.length === 0) return `  pass  ${policy.name}`;
    return [`  FAIL  ${policy.name} (${found[0]!.enforcement}): ${found.length} violation${found.length === 1 ? "" : "s"}`, ...found.map((v) => `          - ${v.message}`)].join("\n");
  });
  const failed = new Set(violations.map((v) => v.policy)).size;
  return `${lines.join("\n")}\n${policies.length - failed} of ${policies.length} policies pass.\n`;
}
