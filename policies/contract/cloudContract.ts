/**
 * The cloud contract: what Google's APIs will refuse (or silently mishandle) that Pulumi mocks
 * cannot see, checked offline on a planned program (issue 15). Each rule cites where the rule
 * comes from. `checkContract` runs the table over a plan; `contractPolicies` puts the rules that
 * are guardrails for any program into the policy pack.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { CONTRACT_RULES } from "./contractRules.js";

/** A resource as the contract sees it: type, logical name, inputs and what it waits for. */
export interface ContractResource {
  type: string;
  name: string;
  props: Record<string, unknown>;
  /** Logical names of the resources it depends on directly (explicitly or through inputs). */
  dependsOn: string[];
}

export interface ContractSubject {
  resources: ContractResource[];
  /** Stack outputs, secret ones as "[secret]"; absent when judging resources only (policy pack). */
  outputs?: Record<string, unknown>;
  /** The day the check is made (runtime end of support). */
  now: Date;
}

export interface ContractRule {
  id: string;
  /** What the rule demands, one sentence. */
  rule: string;
  /** Where it comes from: provider source or Google documentation. */
  source: string;
  /** A guardrail for any program, also in the policy pack. */
  guardrail: boolean;
  check(subject: ContractSubject, closure: (name: string) => ContractResource[]): RuleFinding[];
}

/** One breach: the resource at fault (null: the stack as a whole) and what to do. */
export interface RuleFinding {
  resource: string | null;
  message: string;
}

export interface ContractFinding extends RuleFinding {
  rule: string;
}

/** Everything `name` waits for, directly or through what it waits for. */
export function dependencyClosure(resources: ContractResource[]): (name: string) => ContractResource[] {
  const byName = new Map(resources.map((r) => [r.name, r]));
  const memo = new Map<string, ContractResource[]>();
  return (name) => {
    const cached = memo.get(name);
    if (cached) return cached;
    const seen = new Set<string>();
    const stack = [...(byName.get(name)?.dependsOn ?? [])];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(byName.get(next)?.dependsOn ?? []));
    }
    const found = [...seen].flatMap((n) => byName.get(n) ?? []);
    memo.set(name, found);
    return found;
  };
}

/** Every finding of `rules` (default: the whole table) on a subject. */
export function checkContract(subject: ContractSubject, rules: readonly ContractRule[] = CONTRACT_RULES): ContractFinding[] {
  const closure = dependencyClosure(subject.resources);
  return rules.flatMap((rule) => rule.check(subject, closure).map((finding) => ({ rule: rule.id, ...finding })));
}

/** One line per rule: pass, or FAIL with its findings. */
export function formatContractVerdicts(findings: ContractFinding[], rules: readonly ContractRule[] = CONTRACT_RULES): string {
  const lines = rules.map((rule) => {
    const found = findings.filter((f) => f.rule === rule.id);
    return found.length === 0 ? `  pass  ${rule.id}` : [`  FAIL  ${rule.id}`, ...found.map((f) => `          - ${f.message}`)].join("\n");
  });
  const failed = new Set(findings.map((f) => f.rule)).size;
  return `${lines.join("\n")}\n${rules.length - failed} of ${rules.length} contract rules hold.\n`;
}

function contractResource(resource: PolicyResource): ContractResource {
  return { type: resource.type, name: resource.name, props: resource.props as Record<string, unknown>, dependsOn: resource.dependencies.map((d) => d.name) };
}

/** The guardrail rules as mandatory stack policies (judged on resources; no outputs). */
export const contractPolicies: StackValidationPolicy[] = CONTRACT_RULES.filter((rule) => rule.guardrail).map((rule) => ({
  name: `contract-${rule.id}`,
  description: rule.rule,
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const resources = args.resources.map(contractResource);
    const urns = new Map(args.resources.map((r) => [r.name, r.urn]));
    for (const finding of rule.check({ resources, now: new Date() }, dependencyClosure(resources))) {
      report(`${finding.message} (${rule.source})`, finding.resource === null ? undefined : urns.get(finding.resource));
    }
  },
}));
