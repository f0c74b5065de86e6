/**
 * Items 4, 6, 8 and 10 at the config level: capacity of the node pool against the combiner's
 * requests (named keys, numbers), IAP viewers, control-plane networks, one service per stack.
 */
import { describe, expect, it } from "vitest";
import { allocatableCpuMillis, machineVcpus, podsPerNode } from "../../infra/capacity.js";
import { InfraConfigError, resolveInfraConfig } from "../../infra/config.js";
import { initialNodesPerZone } from "../../infra/components/cluster.js";

const project = { "gcp:project": "my-project-1" };

describe("node pool capacity", () => {
  it("follows GKE's documented CPU reservation (e2-standard-2: 1930m, 4 cores: 3920m, 8 cores: 7910m)", () => {
    expect(allocatableCpuMillis(2)).toBe(1930);
    expect(allocatableCpuMillis(4)).toBe(3920);
    expect(allocatableCpuMillis(8)).toBe(7910);
    expect([machineVcpus("e2-standard-2"), machineVcpus("n2-custom-6-16384"), machineVcpus("e2-medium"), machineVcpus("c3-standard-4-lssd")]).toEqual([2, 6, 1, 4]);
    expect(podsPerNode("e2-standard-2", "250m")).toBe(6);
  });

  it("refuses an HPA ceiling the pool cannot hold at cluster:maxNodes, naming both keys and the numbers", () => {
    const refuse = () => resolveInfraConfig("dev", { ...project, "combiner:maxReplicas": "30" });
    expect(refuse).toThrow(InfraConfigError);
    // The analyzer's pods (dev default: at most 4 × 500m) share the pool.
    expect(refuse).toThrow(
      /combiner:maxReplicas = 30 pods × 250m CPU \+ analyzer:maxReplicas = 4 pods × 500m CPU needs 9500m CPU, but cluster:maxNodes = 3 nodes of e2-standard-2 offer 4590m .*raise cluster:maxNodes to 7/,
    );
    expect(() => resolveInfraConfig("dev", { ...project, "combiner:maxReplicas": "30", "cluster:maxNodes": "7" })).not.toThrow();
    expect(() => resolveInfraConfig("dev", { ...project, "combiner:maxReplicas": "30", "cluster:maxNodes": "6" })).toThrow(/raise cluster:maxNodes to 7/);
  });

  it("checks the fixed count when autoscaling is off", () => {
    // 4590m on dev's pool less the analyzer's 2000m leaves room for 10 combiners of 250m.
    expect(() => resolveInfraConfig("dev", { ...project, "combiner:autoscale": "false", "combiner:replicas": "11" })).toThrow(/combiner:replicas = 11 pods/);
    expect(() => resolveInfraConfig("dev", { ...project, "combiner:autoscale": "false", "combiner:replicas": "10" })).not.toThrow();
  });

  it("counts the analyzer's pods at their HPA ceiling, naming its key", () => {
    expect(() => resolveInfraConfig("dev", { ...project, "analyzer:maxReplicas": "9" })).toThrow(/analyzer:maxReplicas = 9 pods × 500m CPU/);
    expect(() => resolveInfraConfig("dev", { ...project, "analyzer:maxReplicas": "9", "cluster:maxNodes": "5" })).not.toThrow();
  });

  it("sizes the pool's initial nodes per zone from cluster:minNodes, so raising it adds nodes", () => {
    expect(initialNodesPerZone(1, 1)).toBe(1);
    expect(initialNodesPerZone(3, 1)).toBe(3);
    expect(initialNodesPerZone(4, 3)).toBe(2);
    const config = resolveInfraConfig("prod", { ...project, "cluster:minNodes": "6" });
    expect(initialNodesPerZone(config.cluster.minNodes, config.cluster.zones)).toBe(2);
  });
});

describe("stack sharing, dashboard and control plane keys", () => {
  it("gives a stack that joins an existing application its own service, not `default`", () => {
    expect(resolveInfraConfig("dev", project).proxy.service).toBe("default");
    expect(resolveInfraConfig("prod", { ...project, "proxy:createApplication": "false" }).proxy.service).toBe("piaa-prod");
  });

  it("takes dashboard viewers only with an OAuth client and on the stack owning the application", () => {
    const viewers = { ...project, "dashboard:viewers": "user:ana@example.org, group:astro@example.org" };
    expect(() => resolveInfraConfig("dev", viewers)).toThrow(/dashboard:oauthClientId/);
    expect(resolveInfraConfig("dev", { ...viewers, "dashboard:oauthClientId": "123-abc.apps.googleusercontent.com" }).dashboard).toEqual({
      viewers: ["user:ana@example.org", "group:astro@example.org"],
      oauthClientId: "123-abc.apps.googleusercontent.com",
    });
    expect(() => resolveInfraConfig("dev", { ...viewers, "dashboard:oauthClientId": "x", "proxy:createApplication": "false" })).toThrow(/proxy:createApplication=true/);
    expect(() => resolveInfraConfig("dev", { ...project, "dashboard:viewers": "allUsers", "dashboard:oauthClientId": "x" })).toThrow(/dashboard:viewers/);
  });

  it("reads the control plane's authorized networks as CIDR blocks", () => {
    expect(resolveInfraConfig("dev", project).cluster.authorizedNetworks).toEqual([]);
    expect(resolveInfraConfig("dev", { ...project, "cluster:authorizedNetworks": "203.0.113.0/24,198.51.100.7/32" }).cluster.authorizedNetworks).toEqual(["203.0.113.0/24", "198.51.100.7/32"]);
    expect(() => resolveInfraConfig("dev", { ...project, "cluster:authorizedNetworks": "0.0.0.0" })).toThrow(/cluster:authorizedNetworks/);
  });
});
