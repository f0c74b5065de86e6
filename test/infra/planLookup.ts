/** Lookups over a captured plan for the infrastructure tests (by type and name, as Pulumi tests do). */
import { expect } from "vitest";
import type { PlannedResource } from "../../infra/plan/capturePlan.js";

export function resource(plan: PlannedResource[], type: string, name: string): PlannedResource {
  const found = plan.find((r) => r.type === type && r.name === name);
  expect(found, `${type} ${name} in the plan`).toBeDefined();
  return found as PlannedResource;
}

export function ofType(plan: PlannedResource[], type: string): PlannedResource[] {
  return plan.filter((r) => r.type === type);
}

/** Input at a dotted path. */
export function input(r: PlannedResource, dotted: string): unknown {
  let value: unknown = r.inputs;
  for (const part of dotted.split(".")) value = (value as Record<string, unknown> | undefined)?.[part];
  return value;
}

/** IAM resource types that replace a resource's whole policy or a role's member list. */
export const AUTHORITATIVE_IAM = /IAM(Binding|Policy)|Iam(Binding|Policy)|ProjectIam|organizations\/iAM/;
