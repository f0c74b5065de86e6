import { describe, expect, it } from "vitest";
import { displayValue, nameOfUrn, plannedResource, typeOfUrn } from "../../../infra/plan/plannedResource.js";

// URN and wire formats: https://www.pulumi.com/docs/iac/concepts/resources/names/#urns and
// the special-value signatures of @pulumi/pulumi runtime/rpc.
const STACK_URN = "urn:pulumi:dev::piaa::pulumi:pulumi:Stack::piaa-dev";
const COMPONENT_URN = "urn:pulumi:dev::piaa::piaa:combiner:Combiner::combiner";
const PROVIDER_REF = "urn:pulumi:dev::piaa::piaa:cluster:Cluster$pulumi:providers:kubernetes::gke-k8s::0a1b-id";
const SIG = "4dabf18193072939515e22adb298388d";

describe("plannedResource", () => {
  it("reads names and types out of URNs and provider references", () => {
    expect(nameOfUrn(COMPONENT_URN)).toBe("combiner");
    expect(nameOfUrn(PROVIDER_REF)).toBe("gke-k8s");
    expect(typeOfUrn(PROVIDER_REF)).toBe("pulumi:providers:kubernetes");
  });

  it("hides secrets, shows archives by path and marks unknowns", () => {
    expect(
      displayValue({
        stringData: { [SIG]: "1b47061264138c4ac30d75fd1eb44270", value: { token: "s3cret" } },
        source: { [SIG]: "0def7320c3a5731c473e5ecbe6d01bc7", path: "/tmp/bundle" },
        list: ["a", "04da6b54-80e4-46f7-96ec-b56ff0331ba9"],
      }),
    ).toEqual({ stringData: "[secret]", source: { archive: "/tmp/bundle" }, list: ["a", "[unknown]"] });
  });

  it("maps parent, dependencies and provider to names; children of the stack are top level", () => {
    const planned = plannedResource({
      type: "kubernetes:apps/v1:Deployment",
      name: "combiner-deployment",
      parentUrn: COMPONENT_URN,
      dependencyUrns: ["urn:pulumi:dev::piaa::piaa:combiner:Combiner$kubernetes:core/v1:Namespace::combiner-namespace", COMPONENT_URN, COMPONENT_URN],
      providerRef: PROVIDER_REF,
      object: { kind: "Deployment" },
    });
    expect(planned).toEqual({
      type: "kubernetes:apps/v1:Deployment",
      name: "combiner-deployment",
      parent: "combiner",
      inputs: { kind: "Deployment" },
      dependsOn: ["combiner-namespace", "combiner"],
      provider: "gke-k8s",
    });
    const topLevel = plannedResource({ type: "piaa:combiner:Combiner", name: "combiner", parentUrn: STACK_URN, dependencyUrns: [], providerRef: "", object: {} });
    expect(topLevel).toEqual({ type: "piaa:combiner:Combiner", name: "combiner", parent: null, inputs: {} });
  });
});
