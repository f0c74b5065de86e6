/**
 * Resource inputs as a program may declare them, with parts left out: a Service or HPA with no
 * spec, objects with no metadata (the provider then names them and uses its default namespace),
 * an External metric with no metric block, a pod with init containers only. Each policy judges
 * what is there, reports what is missing where that is the finding, and never throws: a crash
 * would fail the whole `pulumi preview` instead of naming the resource.
 */
import { describe, expect, it } from "vitest";
import { evaluatePolicies, type PolicyInputResource } from "../../policies/evaluatePolicies.js";
import { container, deployment, hpa, service } from "./resourceFixtures.js";

const violationsOf = async (resources: PolicyInputResource[]) => (await evaluatePolicies(resources)).map((v) => [v.policy, v.message] as const);

const withProps = (resource: PolicyInputResource, props: Record<string, unknown>): PolicyInputResource => ({ ...resource, props });
const hpaSpec = (resource: PolicyInputResource) => (resource.props as { spec: Record<string, unknown> }).spec;

describe("workload policies on partial inputs", () => {
  it("judges a Service without a spec as no load balancer, and one without metadata as public", async () => {
    expect(await violationsOf([withProps(service(), {})])).toEqual([]);
    expect(await violationsOf([withProps(service(), { spec: { type: "LoadBalancer" } })])).toEqual([
      [
        "workload-no-public-load-balancer",
        'Service "piaa-combiner-service" is a public LoadBalancer; annotate it networking.gke.io/load-balancer-type: "Internal", or record a review in piaa.panoptes.org/public-load-balancer-reviewed.',
      ],
    ]);
  });

  it("passes an HPA without a spec or without a scale target, beside a Deployment that sets replicas", async () => {
    const scaled = deployment({}, { replicas: 3 });
    expect(await violationsOf([withProps(hpa(), {}), scaled])).toEqual([]);
    const { scaleTargetRef: _target, ...untargeted } = hpaSpec(hpa());
    expect(await violationsOf([withProps(hpa(), { metadata: { name: "combiner", namespace: "piaa" }, spec: untargeted }), scaled])).toEqual([]);
  });

  it("matches an HPA and a Deployment without metadata in the default namespace", async () => {
    const finding = ["workload-hpa-owns-replicas", 'Deployment "piaa-combiner-deployment" sets spec.replicas (3) but an HPA scales it; remove spec.replicas.'] as const;
    const unnamedHpa = withProps(hpa(), { spec: hpaSpec(hpa()) });
    const defaultDeployment = withProps(deployment(), { metadata: { name: "combiner" }, spec: { ...hpaSpec(deployment()), replicas: 3 } });
    expect(await violationsOf([unnamedHpa, defaultDeployment])).toEqual([finding]);
    // A Deployment with no metadata has no name to be targeted by; one with no spec sets no replicas.
    expect(await violationsOf([unnamedHpa, withProps(deployment(), { spec: { replicas: 3 } })])).toEqual([]);
    expect(await violationsOf([unnamedHpa, withProps(deployment(), { metadata: { name: "combiner" } })])).toEqual([]);
  });

  it("reports an External metric without a metric block as unselected, naming it unnamed", async () => {
    for (const external of [undefined, {}]) {
      const metrics = [{ type: "External", ...(external && { external }) }];
      expect(await violationsOf([hpa({ metrics })]), JSON.stringify(external)).toEqual([
        [
          "workload-hpa-external-metric-selector",
          'HorizontalPodAutoscaler "piaa-combiner-hpa" scales on External metric "(unnamed)" without a selector; add matchLabels such as resource.labels.subscription_id.',
        ],
      ]);
    }
  });

  it("checks a pod of init containers only, and asks no probes of it", async () => {
    const initOnly = (image?: string) => deployment({}, {}, { containers: undefined, initContainers: [container({ name: "migrate", ...(image && { image }) })] });
    expect(await violationsOf([initOnly()])).toEqual([]);
    expect(await violationsOf([initOnly("busybox")])).toEqual([
      [
        "workload-images-pinned-from-registry",
        'Deployment "piaa-combiner-deployment" container "migrate" uses image "busybox"; use <region>-docker.pkg.dev/<project>/<repo>/<image>@sha256:<digest>.',
      ],
    ]);
  });
});
