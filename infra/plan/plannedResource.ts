/**
 * What `piaa plan` reports and the policy pack evaluates: one entry per resource the program
 * registers, with its inputs as the provider would receive them. Secrets are never shown (only
 * "[secret]"), assets and archives by their path.
 */

export interface PlannedResource {
  /** Pulumi type token, e.g. `kubernetes:apps/v1:Deployment`. */
  type: string;
  /** Logical resource name. */
  name: string;
  /** Logical name of the parent component, or null for top-level resources. */
  parent: string | null;
  /** Inputs as registered. */
  inputs: Record<string, unknown>;
  /** Names of the resources this one explicitly or implicitly depends on. */
  dependsOn?: string[];
  /** Name of the explicit provider resource, when not the default provider. */
  provider?: string;
  /** Input paths the engine leaves alone on update (`ignoreChanges`). */
  ignoreChanges?: string[];
}

/** A whole program run: its resources and its stack outputs (secret outputs as "[secret]"). */
export interface PlannedProgram {
  resources: PlannedResource[];
  outputs: Record<string, unknown>;
}

/** Type token of the root stack resource, which is not reported. */
export const STACK_TYPE = "pulumi:pulumi:Stack";
export const SECRET_PLACEHOLDER = "[secret]";
export const UNKNOWN_PLACEHOLDER = "[unknown]";

/** Signatures Pulumi's wire format uses for special values (sdk/nodejs/runtime/rpc.ts). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The logical name in a URN (`urn:pulumi:stack::project::type::name`), or of a provider reference (`<urn>::<id>`). */
export function nameOfUrn(urn: string): string {
  const parts = urn.split("::");
  return parts[3] ?? urn;
}

/** The type in a URN (the last type of its `parent$child` chain). */
export function typeOfUrn(urn: string): string {
  const chain = urn.split("::")[2] ?? "";
  return chain.split("$").pop() ?? chain;
}

/** Turns wire-format values into plain JSON for display: secrets hidden, assets as paths. Pure. */
export function displayValue(value: unknown): unknown {
  if (value === UNKNOWN_VALUE) return UNKNOWN_PLACEHOLDER;
  if (Array.isArray(value)) return value.map(displayValue);
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  switch (record[SIG_KEY]) {
    case SECRET_SIG:
      return SECRET_PLACEHOLDER;
    case ASSET_SIG:
    case ARCHIVE_SIG:
      return { [record[SIG_KEY] === ASSET_SIG ? "asset" : "archive"]: record.path ?? record.uri ?? "(inline)" };
    case RESOURCE_SIG:
      return { resource: nameOfUrn(String(record.urn ?? "")) };
  }
  return Object.fromEntries(Object.entries(record).map(([key, inner]) => [key, displayValue(inner)]));
}

/** The parts of a RegisterResourceRequest a plan keeps, as plain data. */
export interface Registration {
  type: string;
  name: string;
  parentUrn: string;
  dependencyUrns: string[];
  providerRef: string;
  ignoreChanges?: string[];
  object: Record<string, unknown>;
}

/** One PlannedResource from one registration. Pure. */
export function plannedResource(registration: Registration): PlannedResource {
  const parent = registration.parentUrn === "" || typeOfUrn(registration.parentUrn) === STACK_TYPE ? null : nameOfUrn(registration.parentUrn);
  const planned: PlannedResource = {
    type: registration.type,
    name: registration.name,
    parent,
    inputs: displayValue(registration.object) as Record<string, unknown>,
  };
  const dependsOn = [...new Set(registration.dependencyUrns.map(nameOfUrn))];
  if (dependsOn.length > 0) planned.dependsOn = dependsOn;
  if (registration.providerRef !== "") planned.provider = nameOfUrn(registration.providerRef);
  if (registration.ignoreChanges !== undefined && registration.ignoreChanges.length > 0) planned.ignoreChanges = registration.ignoreChanges;
  return planned;
}
