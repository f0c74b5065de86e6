/**
 * The engine stand-in's handling of the less common policy shapes @pulumi/policy allows (its
 * ResourceValidationPolicy has optional configSchema and validateResource): getConfig for a policy
 * with no schema, a schema property with no default (absent from the config, as JSON Schema
 * defaults leave it, not present as undefined), and a policy with no validation at all.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { evaluatePolicies, type PolicyInputResource } from "../../policies/evaluatePolicies.js";

const resources: PolicyInputResource[] = [{ type: "gcp:storage/bucket:Bucket", name: "data", props: {} }];

const recordingConfig = (extra: Partial<ResourceValidationPolicy> = {}) => {
  const configs: Record<string, unknown>[] = [];
  const policy: ResourceValidationPolicy = {
    name: "configured",
    description: "test",
    enforcementLevel: "mandatory",
    validateResource: (args) => void configs.push(args.getConfig()),
    ...extra,
  };
  return { policy, configs };
};

describe("evaluatePolicies with optional policy parts left out", () => {
  it("gives a policy without a config schema only the pack config's values", async () => {
    const { policy, configs } = recordingConfig();
    await evaluatePolicies(resources, { policies: [policy] });
    await evaluatePolicies(resources, { policies: [policy], config: { configured: { enforcementLevel: "advisory", limit: 5 } } });
    expect(configs).toStrictEqual([{}, { limit: 5 }]);
  });

  it("leaves a schema property without a default out of the config rather than set to undefined", async () => {
    const { policy, configs } = recordingConfig({ configSchema: { properties: { limit: { type: "number", default: 3 }, extra: { type: "string" } } } });
    await evaluatePolicies(resources, { policies: [policy] });
    expect(configs).toStrictEqual([{ limit: 3 }]);
    expect(Object.keys(configs[0]!)).toEqual(["limit"]);
  });

  it("runs a resource policy with no validation as one that finds nothing", async () => {
    const silent: ResourceValidationPolicy = { name: "silent", description: "test", enforcementLevel: "mandatory" };
    const loud: ResourceValidationPolicy = { ...silent, name: "loud", validateResource: (args, report) => report(`saw ${args.name}`) };
    expect((await evaluatePolicies(resources, { policies: [silent, loud] })).map((v) => [v.policy, v.resource, v.message])).toEqual([["loud", "data", "saw data"]]);
  });
});
