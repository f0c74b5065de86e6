/**
 * The human-readable form of a plan: the resource tree (components and their children) with the
 * few inputs that say what each resource is. Pure.
 */
import type { PlannedResource } from "./plannedResource.js";

/** Dotted input paths worth showing, in order; absent ones are skipped. */
const KEY_INPUTS = [
  "name",
  "location",
  "region",
  "locationId",
  "accountId",
  "role",
  "member",
  "repositoryId",
  "imageName",
  "objectNamePrefix",
  "eventTypes",
  "pushConfig.pushEndpoint",
  "service",
  "runtime",
  "machineType",
  "nodeConfig.machineType",
  "autoscaling.totalMinNodeCount",
  "autoscaling.totalMaxNodeCount",
  "metadata.namespace",
  "spec.replicas",
  "spec.minReplicas",
  "spec.maxReplicas",
  "spec.type",
];

function valueAt(inputs: Record<string, unknown>, dotted: string): unknown {
  let value: unknown = inputs;
  for (const part of dotted.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** `key=value` pairs of the inputs that identify a resource. */
export function keyInputs(resource: PlannedResource): string[] {
  const pairs: string[] = [];
  for (const path of KEY_INPUTS) {
    const value = valueAt(resource.inputs, path);
    if (value === undefined || value === null || typeof value === "object" && !Array.isArray(value)) continue;
    pairs.push(`${path}=${Array.isArray(value) ? value.join(",") : String(value)}`);
  }
  return pairs;
}

/** The plan as an indented tree, components first in registration order, children below them. */
export function formatPlanTree(stack: string, resources: PlannedResource[]): string {
  const children = new Map<string | null, PlannedResource[]>();
  for (const resource of resources) {
    const siblings = children.get(resource.parent) ?? [];
    siblings.push(resource);
    children.set(resource.parent, siblings);
  }
  const lines = [`stack ${stack}: ${resources.length} resources`];
  const visit = (parent: string | null, indent: string): void => {
    for (const resource of children.get(parent) ?? []) {
      const provider = resource.provider === undefined ? "" : ` [provider ${resource.provider}]`;
      const details = keyInputs(resource);
      lines.push(`${indent}${resource.name}  ${resource.type}${provider}${details.length > 0 ? `  ${details.join(" ")}` : ""}`);
      visit(resource.name, `${indent}  `);
    }
  };
  visit(null, "  ");
  return `${lines.join("\n")}\n`;
}
