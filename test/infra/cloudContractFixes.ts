/**
 * Plan checks for the defects mocks could not see (issue 15): each `it` names its item. Run on
 * both stacks' plans, next to the whole cloud contract (policies/contract/), which must hold.
 */
import { describe, expect, it } from "vitest";
import type { PlannedProgram } from "../../infra/plan/capturePlan.js";
import { checkPlannedContract } from "../../infra/plan/planContract.js";
import { input, resource } from "./planLookup.js";

const VERSION = "gcp:appengine/standardAppVersion:StandardAppVersion";
const SERVICE = "gcp:projects/service:Service";

export function checkCloudContractFixes(stack: string, program: () => PlannedProgram): void {
  const plan = () => program().resources;
  const named = (name: string) => {
    const found = plan().find((r) => r.name === name);
    expect(found, name).toBeDefined();
    return found!;
  };

  describe(`${stack} plan: cloud contract`, () => {
    it("holds every rule of the contract table today", () => {
      expect(checkPlannedContract(program(), new Date())).toEqual([]);
    });

    it("item 1: the version id is fixed per stack and all traffic is pinned to it", () => {
      const version = resource(plan(), VERSION, "proxy-version");
      expect(version.inputs.versionId).toBe(`piaa-${stack}`);
      const split = resource(plan(), "gcp:appengine/engineSplitTraffic:EngineSplitTraffic", "proxy-traffic");
      expect(split.inputs).toMatchObject({ service: "default", migrateTraffic: false, split: { allocations: { [`piaa-${stack}`]: "1" } } });
      expect(split.dependsOn).toContain("proxy-version");
    });

    it("item 3: the Workload Identity binding waits for the Workload Identity cluster", () => {
      const binding = named("combiner-workload-identity");
      expect(String(binding.inputs.member)).toMatch(/\.svc\.id\.goog\[piaa\/combiner\]$/);
      expect(binding.dependsOn).toContain("gke-cluster");
    });

    it("item 4: without dashboard:viewers the public proxy serves no dashboard and IAP stays off", () => {
      const env = input(resource(plan(), VERSION, "proxy-version"), "envVariables") as Record<string, string>;
      expect(env.PIAA_BUCKET).toBeUndefined();
      expect(named("proxy-app").inputs.iap).toBeUndefined();
    });

    it("item 5: the tokens live in Secret Manager, read by the proxy's account only", () => {
      const env = input(resource(plan(), VERSION, "proxy-version"), "envVariables") as Record<string, string>;
      expect(env.PIAA_COMBINER_TOKEN_SECRET).toBe(`projects/piaa-plan-${stack}/secrets/piaa-${stack}-combiner-token/versions/1`);
      expect(env.PIAA_OCN_CHANNEL_TOKEN_SECRET).toMatch(/\/secrets\/piaa-[a-z]+-ocn-channel-token\/versions\/1$/);
      for (const suffix of ["combiner-token", "ocn-channel-token"]) {
        expect(named(`proxy-secrets-${suffix}-accessor`).inputs).toMatchObject({
          role: "roles/secretmanager.secretAccessor",
          member: `serviceAccount:proxy-${stack}@piaa-plan-${stack}.iam.gserviceaccount.com`,
        });
        expect(named(`proxy-secrets-${suffix}-version`).inputs.secretData).toBe("[secret]");
      }
      expect(resource(plan(), VERSION, "proxy-version").dependsOn).toContain("proxy-secrets-combiner-token-accessor");
    });

    it("item 6: the control plane's IP endpoint admits no one by default; the kubeconfig uses the IAM-checked DNS endpoint", () => {
      const cluster = named("gke-cluster");
      expect(cluster.inputs.masterAuthorizedNetworksConfig).toEqual({ cidrBlocks: [], gcpPublicCidrsAccessEnabled: false });
      expect(input(cluster, "controlPlaneEndpointsConfig.dnsEndpointConfig.allowExternalTraffic")).toBe(true);
    });

    it("item 7: the notification subscribes to OBJECT_ARCHIVE", () => {
      expect(named("events-notification").inputs.eventTypes).toEqual(["OBJECT_FINALIZE", "OBJECT_ARCHIVE", "OBJECT_DELETE"]);
    });

    it("item 8: the node pool starts at cluster:minNodes (per zone)", () => {
      const pool = named("gke-pool");
      const min = input(pool, "autoscaling.totalMinNodeCount") as number;
      const zones = named("gke-cluster").inputs.location === "us-central1" ? 3 : 1;
      expect(pool.inputs.initialNodeCount).toBe(Math.ceil(min / zones));
    });

    it("item 9: grants to service agents wait for what creates them", () => {
      for (const grant of ["events-dead-letter-publisher", "events-invoker-token-creator"]) expect(named(grant).dependsOn).toContain("events-pubsub-agent");
      expect(named("events-pubsub-agent").inputs.service).toBe("pubsub.googleapis.com");
      expect(named("proxy-deploy-reader").dependsOn).toContain("proxy-app");
    });

    it("item 10: the stack owning `default` leaves its version on destroy instead of failing to delete it", () => {
      expect(resource(plan(), VERSION, "proxy-version").inputs).toMatchObject({ noopOnDestroy: true, deleteServiceOnDestroy: false });
    });

    it("item 11: the program enables every API, cloudresourcemanager included, and keeps them on destroy", () => {
      const services = plan().filter((r) => r.type === SERVICE);
      expect(services.map((s) => s.inputs.service)).toEqual(expect.arrayContaining(["cloudresourcemanager.googleapis.com", "container.googleapis.com", "cloudbuild.googleapis.com"]));
      for (const s of services) expect(s.inputs.disableOnDestroy, s.name).toBe(false);
      expect(resource(plan(), VERSION, "proxy-version").dependsOn).toEqual(expect.arrayContaining(["api-appengine", "api-cloudbuild"]));
    });

    it("item 12: old images are deleted, readiness does not list the bucket, a refresh cannot replace the cluster", () => {
      const policies = named("image-repo").inputs.cleanupPolicies as { action: string }[];
      expect(policies.map((p) => p.action)).toEqual(["DELETE", "KEEP"]);
      const container = input(named("combiner-deployment"), "spec.template.spec.containers") as Record<string, { httpGet: { path: string } }>[];
      expect(container[0]!.readinessProbe!.httpGet.path).toBe("/healthz");
      expect(container[0]!.startupProbe!.httpGet.path).toBe("/readyz");
      expect(named("gke-cluster").ignoreChanges).toEqual(expect.arrayContaining(["nodeConfig"]));
    });
  });
}
