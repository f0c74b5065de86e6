/** Cluster guardrails: workload identity, least-privilege nodes that heal and scale themselves. */
import { container } from "@pulumi/gcp";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";

/** The Compute Engine default service account, which holds Editor on the project. */
const DEFAULT_COMPUTE_SA = /-compute@developer\.gserviceaccount\.com$/;

export const workloadIdentity: ResourceValidationPolicy = {
  name: "gke-workload-identity",
  description: "GKE clusters enable Workload Identity so pods use their own service accounts, not the node's.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(container.Cluster, (cluster, args, report) => {
    if (!cluster.workloadIdentityConfig?.workloadPool) {
      report(`Cluster "${args.name}" has Workload Identity off; set workloadIdentityConfig.workloadPool to "<project>.svc.id.goog".`);
    }
  }),
};

export const noLegacyAbac: ResourceValidationPolicy = {
  name: "gke-no-legacy-abac",
  description: "GKE clusters authorise with RBAC only, never legacy ABAC.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(container.Cluster, (cluster, args, report) => {
    if (cluster.enableLegacyAbac === true) report(`Cluster "${args.name}" enables legacy ABAC; remove enableLegacyAbac.`);
  }),
};

function checkNodeServiceAccount(owner: string, serviceAccount: string | undefined, report: (m: string) => void): void {
  if (!serviceAccount || serviceAccount === "default" || DEFAULT_COMPUTE_SA.test(serviceAccount)) {
    report(`${owner} runs nodes as the default compute service account; set nodeConfig.serviceAccount to a dedicated least-privilege account.`);
  }
}

export const noDefaultNodeServiceAccount: ResourceValidationPolicy = {
  name: "gke-no-default-node-service-account",
  description: "Nodes run as a dedicated service account, never the Compute Engine default (project Editor).",
  enforcementLevel: "mandatory",
  validateResource: [
    validateResourceOfType(container.NodePool, (pool, args, report) => {
      checkNodeServiceAccount(`NodePool "${args.name}"`, pool.nodeConfig?.serviceAccount, report);
    }),
    validateResourceOfType(container.Cluster, (cluster, args, report) => {
      // The default pool is removed right after creation; only a kept one matters.
      if (cluster.removeDefaultNodePool !== true) {
        checkNodeServiceAccount(`Cluster "${args.name}" (default node pool)`, cluster.nodeConfig?.serviceAccount, report);
      }
    }),
  ],
};

export const nodePoolAutoscaling: ResourceValidationPolicy = {
  name: "gke-node-pool-autoscaling",
  description: "Node pools autoscale, with a minimum no larger than the maximum.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(container.NodePool, (pool, args, report) => {
    const scaling = pool.autoscaling;
    const min = scaling?.minNodeCount ?? scaling?.totalMinNodeCount;
    const max = scaling?.maxNodeCount ?? scaling?.totalMaxNodeCount;
    if (min === undefined || max === undefined) {
      report(`NodePool "${args.name}" does not autoscale; set autoscaling.minNodeCount and maxNodeCount.`);
    } else if (min > max) {
      report(`NodePool "${args.name}" autoscales from ${min} to ${max} nodes; the minimum must not exceed the maximum.`);
    }
  }),
};

export const nodeAutoRepairUpgrade: ResourceValidationPolicy = {
  name: "gke-node-auto-repair-upgrade",
  description: "Node pools repair and upgrade themselves.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(container.NodePool, (pool, args, report) => {
    const off = (["autoRepair", "autoUpgrade"] as const).filter((key) => pool.management?.[key] !== true);
    if (off.length > 0) report(`NodePool "${args.name}" has ${off.join(" and ")} off; set management.${off.join(" and management.")} to true.`);
  }),
};

export const privateNodes: ResourceValidationPolicy = {
  name: "gke-private-nodes",
  description: "Where the stack requires it (prod), cluster nodes have no public IP addresses.",
  enforcementLevel: "mandatory",
  configSchema: { properties: { required: { type: "boolean", default: false } } },
  validateResource: validateResourceOfType(container.Cluster, (cluster, args, report) => {
    if (!args.getConfig<{ required: boolean }>().required) return;
    if (cluster.privateClusterConfig?.enablePrivateNodes !== true) {
      report(`Cluster "${args.name}" gives nodes public IP addresses; set privateClusterConfig.enablePrivateNodes: true.`);
    }
  }),
};

export const clusterPolicies = [workloadIdentity, noLegacyAbac, noDefaultNodeServiceAccount, nodePoolAutoscaling, nodeAutoRepairUpgrade, privateNodes];
