/**
 * Two edges of the workload policies that workloadEdges.test.ts leaves open: a workload whose
 * inputs carry no pod template yet (the policies have nothing to judge and must not crash), and
 * hpaOwnsReplicas' reading of an HPA's scaleTargetRef as naming a Deployment only, so a
 * StatefulSet that happens to share the targeted Deployment's name keeps its spec.replicas, nor
 * does a Deployment of that name in another namespace (an HPA scales within its own namespace).
 */
import { describe, expect, it } from "vitest";
import { evaluatePolicies, type PolicyInputResource } from "../../policies/evaluatePolicies.js";
import { deployment, hpa } from "./resourceFixtures.js";

const violationsOf = async (resources: PolicyInputResource[]) => (await evaluatePolicies(resources)).map((v) => [v.policy, v.message] as const);

describe("workload policies at their edges", () => {
  it("passes a workload whose inputs have no pod template", async () => {
    const fixture = deployment();
    const { template: _template, ...specWithoutTemplate } = (fixture.props as { spec: Record<string, unknown> }).spec;
    expect(await violationsOf([{ ...fixture, props: { ...fixture.props, spec: specWithoutTemplate } }])).toEqual([]);
    expect(await violationsOf([{ ...fixture, props: { metadata: fixture.props.metadata } }])).toEqual([]);
  });

  it("does not hold a StatefulSet to an HPA that targets a Deployment of the same name", async () => {
    const statefulSet: PolicyInputResource = { ...deployment({}, { replicas: 3 }), type: "kubernetes:apps/v1:StatefulSet", name: "piaa-combiner-statefulset" };
    expect(await violationsOf([hpa(), statefulSet])).toEqual([]);
    // The same resource as a Deployment is the HPA's target, so the check does apply to it.
    expect(await violationsOf([hpa(), { ...statefulSet, type: "kubernetes:apps/v1:Deployment" }])).toEqual([
      ["workload-hpa-owns-replicas", 'Deployment "piaa-combiner-statefulset" sets spec.replicas (3) but an HPA scales it; remove spec.replicas.'],
    ]);
  });

  it("holds only the Deployment of the HPA's own namespace, an unset or empty namespace being the default one", async () => {
    const inNamespace = (resource: PolicyInputResource, namespace: string | undefined): PolicyInputResource => {
      const props = resource.props as { metadata: Record<string, unknown> };
      return { ...resource, props: { ...props, metadata: { ...props.metadata, namespace } } };
    };
    const scaled = deployment({}, { replicas: 3 });
    const finding = ["workload-hpa-owns-replicas", 'Deployment "piaa-combiner-deployment" sets spec.replicas (3) but an HPA scales it; remove spec.replicas.'];
    expect(await violationsOf([hpa(), inNamespace(scaled, "survey-b")])).toEqual([]);
    expect(await violationsOf([inNamespace(hpa(), undefined), inNamespace(scaled, "piaa")])).toEqual([]);
    expect(await violationsOf([inNamespace(hpa(), undefined), inNamespace(scaled, "default")])).toEqual([finding]);
    expect(await violationsOf([inNamespace(hpa(), "default"), inNamespace(scaled, undefined)])).toEqual([finding]);
    expect(await violationsOf([inNamespace(hpa(), ""), inNamespace(scaled, "default")])).toEqual([finding]);
    expect(await violationsOf([inNamespace(hpa(), ""), inNamespace(scaled, "piaa")])).toEqual([]);
  });

  it("holds a Deployment to an HPA of any API version, and nothing else with a scaleTargetRef", async () => {
    const scaled = deployment({}, { replicas: 3 });
    const finding = ["workload-hpa-owns-replicas", 'Deployment "piaa-combiner-deployment" sets spec.replicas (3) but an HPA scales it; remove spec.replicas.'];
    for (const version of ["v1", "v2", "v2beta2"]) {
      const autoscaler = { ...hpa(), type: `kubernetes:autoscaling/${version}:HorizontalPodAutoscaler` };
      expect((await violationsOf([autoscaler, scaled])).filter(([policy]) => policy === "workload-hpa-owns-replicas"), version).toEqual([finding]);
    }
    expect(await violationsOf([{ ...hpa(), type: "kubernetes:autoscaling/v2:Scale" }, scaled])).toEqual([]);
  });
});
