/**
 * A stack profile: the typed defaults of one environment. Every field can be overridden by the
 * config key named in its comment; `infra/config.ts` merges and validates both.
 */
export interface StackProfile {
  /** Environment name written as the `env` label on every resource. */
  env: string;
  /** `gcp:region` — region of the bucket, cluster, connector and registry. */
  region: string;
  /** `cluster:regional` — true: a regional (3-zone) control plane; false: zone `<region>-a`. */
  regionalCluster: boolean;
  /** `cluster:privateNodes` — nodes without public IPs (they reach Google APIs privately). */
  privateNodes: boolean;
  /** `cluster:spotNodes` — cheaper preemptible Spot VMs for the node pool. */
  spotNodes: boolean;
  /** `cluster:minNodes` — lower bound of the node-pool autoscaler, nodes in total. */
  minNodes: number;
  /** `cluster:maxNodes` — upper bound of the node-pool autoscaler, nodes in total. */
  maxNodes: number;
  /** `cluster:machineType` — Compute Engine machine type of the nodes. */
  machineType: string;
  /** `cluster:releaseChannel` — GKE release channel. */
  releaseChannel: "RAPID" | "REGULAR" | "STABLE";
  /** `cluster:deletionProtection` — refuse `pulumi destroy` of the cluster. */
  deletionProtection: boolean;
  /** `combiner:replicas` — HPA floor, or the fixed count when autoscaling is off. */
  combinerReplicas: number;
  /** `combiner:maxReplicas` — HPA ceiling. */
  combinerMaxReplicas: number;
  /** `combiner:targetCpuPercent` — HPA CPU utilisation target, percent of the request. */
  combinerTargetCpuPercent: number;
  /** `combiner:autoscale` — an HPA owns the replica count. */
  combinerAutoscale: boolean;
  /** `proxy:minInstances` — App Engine instances kept warm. */
  proxyMinInstances: number;
  /** `proxy:maxInstances` — App Engine instance ceiling. */
  proxyMaxInstances: number;
  /** `proxy:createApplication` — create the (one per project, undeletable) App Engine Application. */
  proxyCreateApplication: boolean;
  /** `piaa:forceDestroyBucket` — let `pulumi destroy` delete a bucket that still holds data. */
  forceDestroyBucket: boolean;
}
