/**
 * evaluatePolicies stands in for the Pulumi policy engine, so it must hand policies what the engine
 * hands them (@pulumi/policy's ResourceValidationArgs and StackValidationArgs): resources typed by
 * token with isType/asType, dependencies and parent as resources, the pack config over the schema's
 * defaults (without enforcementLevel), urns in stack reports mapped back to names, and
 * notApplicable() skipping a check rather than failing the run. Checked with small policies of
 * the test's own.
 */
import type { Policies, PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { evaluatePolicies, formatVerdicts, formatViolations, type PolicyInputResource, type Violation } from "../../policies/evaluatePolicies.js";

const BUCKET = "gcp:storage/bucket:Bucket";
const TOPIC = "gcp:pubsub/topic:Topic";
/** What a generated resource class carries for isType/asType (as @pulumi/gcp's classes do). */
const BucketClass = { __pulumiType: BUCKET };

const resources: PolicyInputResource[] = [
  { type: BUCKET, name: "data", props: { size: 1 } },
  { type: TOPIC, name: "lc", props: { size: 2 }, dependsOn: ["data", "not-declared"], parent: "data" },
  { type: TOPIC, name: "dead", props: { size: 3 }, parent: "not-declared" },
];

const resourcePolicy = (name: string, validate: ResourceValidationPolicy["validateResource"], extra: Partial<ResourceValidationPolicy> = {}): ResourceValidationPolicy => ({
  name,
  description: "test",
  enforcementLevel: "mandatory",
  validateResource: validate,
  ...extra,
});

const stackPolicy = (name: string, validateStack: StackValidationPolicy["validateStack"]): StackValidationPolicy => ({
  name,
  description: "test",
  enforcementLevel: "mandatory",
  validateStack,
});

describe("evaluatePolicies as the policy engine", () => {
  it("types resources by token for isType and asType", async () => {
    const policy = resourcePolicy("typed", (args, report) => {
      report(`${args.name}: isType ${args.isType(BucketClass as never)}, asType ${JSON.stringify(args.asType(BucketClass as never) ?? null)}, urn ${args.urn}`);
    });
    expect((await evaluatePolicies(resources.slice(0, 2), { policies: [policy] })).map((v) => v.message)).toEqual([
      'data: isType true, asType {"size":1}, urn urn:pulumi:stack::piaa::gcp:storage/bucket:Bucket::data',
      "lc: isType false, asType null, urn urn:pulumi:stack::piaa::gcp:pubsub/topic:Topic::lc",
    ]);
  });

  it("gives stack policies the resources with their declared dependencies and parent, typed the same way", async () => {
    const seen: string[] = [];
    const policy = stackPolicy("graph", (args) => {
      for (const r of args.resources) {
        const parent = (r as PolicyResource & { parent?: PolicyResource }).parent;
        seen.push(`${r.name} ${r.isType(BucketClass as never)} ${JSON.stringify(r.asType(BucketClass as never) ?? null)} deps [${r.dependencies.map((d) => d.name)}] parent ${parent?.name ?? "-"}`);
      }
    });
    expect(await evaluatePolicies(resources, { policies: [policy] })).toEqual([]);
    expect(seen).toEqual(['data true {"size":1} deps [] parent -', "lc false null deps [data] parent data", "dead false null deps [] parent -"]);
  });

  it("names the resource a stack report points at by urn, keeps an unknown urn, and records none for a stack-wide report", async () => {
    const policy = stackPolicy("stack-wide", (args, report) => {
      report("about lc", args.resources[1]!.urn);
      report("about something else", "urn:pulumi:stack::piaa::x::y");
      report("about the stack");
    });
    expect((await evaluatePolicies(resources, { policies: [policy] })).map((v) => [v.resource, v.message])).toEqual([
      ["lc", "about lc"],
      ["urn:pulumi:stack::piaa::x::y", "about something else"],
      [null, "about the stack"],
    ]);
  });

  it("skips a resource or a stack check that calls notApplicable, and goes on with the rest", async () => {
    const policies: Policies = [
      resourcePolicy("per-resource", (args, report) => {
        if (args.type === BUCKET) args.notApplicable("buckets are someone else's");
        report(`checked ${args.name}`);
      }),
      stackPolicy("whole-stack", (args) => args.notApplicable()),
      resourcePolicy("after", (args, report) => report(`after ${args.name}`)),
    ];
    expect((await evaluatePolicies(resources.slice(0, 2), { policies })).map((v) => `${v.policy}: ${v.message}`)).toEqual([
      "per-resource: checked lc",
      "after: after data",
      "after: after lc",
    ]);
  });

  it("runs every validation of a policy that has several", async () => {
    const policy = resourcePolicy("two", [(args, report) => report(`first ${args.name}`), (args, report) => report(`second ${args.name}`)]);
    expect((await evaluatePolicies(resources.slice(0, 1), { policies: [policy] })).map((v) => v.message)).toEqual(["first data", "second data"]);
  });

  it("lets a policy's own error through", async () => {
    const broken = resourcePolicy("broken", () => {
      throw new Error("bug in the policy");
    });
    await expect(evaluatePolicies(resources, { policies: [broken] })).rejects.toThrow("bug in the policy");
    await expect(evaluatePolicies(resources, { policies: [stackPolicy("broken-stack", () => Promise.reject(new Error("stack bug")))] })).rejects.toThrow("stack bug");
  });

  it("hands getConfig the schema's defaults under the pack config's values, without enforcementLevel", async () => {
    const configs: unknown[] = [];
    const policy = resourcePolicy("configured", (args) => void configs.push(args.getConfig()), {
      configSchema: { properties: { limit: { type: "number", default: 3 }, mode: { type: "string", default: "strict" }, extra: { type: "string" } } },
    });
    await evaluatePolicies(resources.slice(0, 1), { policies: [policy] });
    await evaluatePolicies(resources.slice(0, 1), { policies: [policy], config: { configured: { enforcementLevel: "advisory", limit: 5 } } });
    expect(configs).toEqual([
      { limit: 3, mode: "strict" },
      { limit: 5, mode: "strict" },
    ]);
  });

  it("takes a policy's level from the pack config, else its own, else advisory", async () => {
    const report = (_args: unknown, r: (m: string) => void) => r("found");
    const policies: Policies = [
      resourcePolicy("own-level", report),
      resourcePolicy("no-level", report, { enforcementLevel: undefined }),
      resourcePolicy("overridden", report),
    ];
    const found = await evaluatePolicies(resources.slice(0, 1), { policies, config: { overridden: { enforcementLevel: "advisory" } } });
    expect(found.map((v) => [v.policy, v.enforcement, v.resource])).toEqual([
      ["own-level", "mandatory", "data"],
      ["no-level", "advisory", "data"],
      ["overridden", "advisory", "data"],
    ]);
  });
});

describe("formatViolations and formatVerdicts", () => {
  const violation = (policy: string, enforcement: Violation["enforcement"], message: string): Violation => ({ policy, enforcement, resource: "r", message });
  const found = [violation("a", "mandatory", "one"), violation("a", "mandatory", "two"), violation("b", "advisory", "three")];

  it("counts violations per policy, in the plural from two, and the mandatory ones", () => {
    expect(formatViolations(found)).toBe("a (mandatory): 2 violations\n  - one\n  - two\nb (advisory): 1 violation\n  - three\n\n3 violation(s), 2 mandatory.\n");
  });

  it("gives a verdict per policy and counts the ones that pass", () => {
    const policies = ["a", "b", "c"].map((name) => resourcePolicy(name, () => undefined));
    expect(formatVerdicts(policies, found)).toBe(
      "  FAIL  a (mandatory): 2 violations\n          - one\n          - two\n  FAIL  b (advisory): 1 violation\n          - three\n  pass  c\n1 of 3 policies pass.\n",
    );
  });
});
