/**
 * The edges of the workload policies that a one-failing-one-passing fixture per policy does not
 * pin down: an HPA whose bounds are equal, and exactly which annotation values make a
 * LoadBalancer internal (GKE reads "Internal":
 * https://cloud.google.com/kubernetes-engine/docs/concepts/service-load-balancer-parameters).
 */
import { describe, expect, it } from "vitest";
import { evaluatePolicies } from "../../policies/evaluatePolicies.js";
import { PUBLIC_LB_OPT_OUT } from "../../policies/workloads.js";
import { hpa, service } from "./resourceFixtures.js";

const policiesViolated = async (...resources: Parameters<typeof evaluatePolicies>[0]) =>
  (await evaluatePolicies(resources, { config: {} })).map((v) => v.policy);

describe("workload-hpa-min-max at its boundary", () => {
  it.each([
    [{ minReplicas: 3, maxReplicas: 3 }, []],
    // minReplicas omitted: Kubernetes defaults it to 1.
    [{ minReplicas: undefined, maxReplicas: 1 }, []],
    [{ minReplicas: 4, maxReplicas: 3 }, ["workload-hpa-min-max"]],
    [{ minReplicas: undefined, maxReplicas: 0 }, ["workload-hpa-min-max"]],
  ])("%j → %j", async (spec, expected) => {
    const resource = hpa(spec);
    expect(await policiesViolated(resource)).toEqual(expected);
  });
});

describe("workload-no-public-load-balancer annotation values", () => {
  const annotated = (annotations: Record<string, string>) => service(annotations);
  it.each([
    [{ "networking.gke.io/load-balancer-type": "Internal" }, []],
    [{ "networking.gke.io/load-balancer-type": "internal" }, []],
    [{ "cloud.google.com/load-balancer-type": "Internal" }, []],
    [{ "networking.gke.io/load-balancer-type": "External" }, ["workload-no-public-load-balancer"]],
    [{ "networking.gke.io/load-balancer-type": "" }, ["workload-no-public-load-balancer"]],
    [{ "networking.gke.io/load-balancer-type": "Internal-ish" }, ["workload-no-public-load-balancer"]],
    [{ "networking.gke.io/load-balancer-type": "true" }, ["workload-no-public-load-balancer"]],
    [{ "example.com/load-balancer-type": "Internal" }, ["workload-no-public-load-balancer"]],
    [{ [PUBLIC_LB_OPT_OUT]: "" }, ["workload-no-public-load-balancer"]],
    [{ [PUBLIC_LB_OPT_OUT]: "2026-11 review #12" }, []],
  ])("%j → %j", async (annotations, expected) => {
    expect(await policiesViolated(annotated(annotations))).toEqual(expected);
  });

  it("leaves Services that are not LoadBalancers alone", async () => {
    const clusterIp = service({});
    clusterIp.props = { ...clusterIp.props, spec: { ...(clusterIp.props.spec as object), type: "ClusterIP" } };
    expect(await policiesViolated(clusterIp)).toEqual([]);
  });
});
