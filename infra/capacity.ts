/**
 * Whether the node pool can hold the workloads at their CPU requests (issue 15, item 8). A pod
 * whose request no node can satisfy stays Pending; with autoscaling off `pulumi up` then waits on
 * the Deployment until it times out. Config validation refuses such a combination up front,
 * naming the keys and the numbers.
 *
 * Allocatable CPU follows GKE's documented reservation for the kubelet and system daemons
 * (https://cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes#cpu_reservations):
 * 6% of the first core, 1% of the second, 0.5% of the next two, 0.25% of every core above four.
 * GKE's own kube-system pods (kube-proxy, logging and metrics agents, CSI drivers) also request
 * CPU on every node; SYSTEM_PODS_CPU_MILLIS is a conservative figure for them.
 */
import { invalidConfig } from "./configValues.js";

/** CPU the kube-system DaemonSets of a GKE Standard node request together (an estimate, kept high). */
export const SYSTEM_PODS_CPU_MILLIS = 400;

/**
 * vCPUs of a machine type: the `-N` suffix of predefined types, the first number of custom
 * types, and the fractional share of E2 shared-core types
 * (https://cloud.google.com/compute/docs/general-purpose-machines#sharedcore: e2-micro 0.25,
 * e2-small 0.5, e2-medium 1). Undefined when the name says nothing about it.
 */
export function machineVcpus(machineType: string): number | undefined {
  const shared: Record<string, number> = { "e2-micro": 0.25, "e2-small": 0.5, "e2-medium": 1 };
  if (machineType in shared) return shared[machineType];
  const custom = /(?:^|-)custom-(\d+)-\d+(?:-ext)?$/.exec(machineType);
  if (custom) return Number(custom[1]);
  const predefined = /-(\d+)(?:-lssd)?$/.exec(machineType);
  return predefined ? Number(predefined[1]) : undefined;
}

/** CPU (millicores) a node of `vcpus` cores offers to pods, after GKE's reservation. Pure. */
export function allocatableCpuMillis(vcpus: number): number {
  const cores = vcpus * 1000;
  const tiers: [number, number][] = [
    [1000, 0.06],
    [1000, 0.01],
    [2000, 0.005],
    [Number.POSITIVE_INFINITY, 0.0025],
  ];
  let left = cores;
  let reserved = 0;
  for (const [size, share] of tiers) {
    const inTier = Math.min(left, size);
    reserved += inTier * share;
    left -= inTier;
  }
  return Math.floor(cores - reserved);
}

/** "250m" or "1" (cores) → millicores. */
export function cpuMillis(quantity: string): number {
  return quantity.endsWith("m") ? Number(quantity.slice(0, -1)) : Number(quantity) * 1000;
}

export interface PoolCapacity {
  machineType: string;
  maxNodes: number;
}

/** A workload on the pool: the keys that set its count, the count it may reach, its CPU request. */
export interface WorkloadDemand {
  /** The key (or keys, "a/b") whose value is `replicas`, named in the error. */
  replicasKey: string;
  /** The most replicas it may run: the HPA ceiling, or the fixed count. */
  replicas: number;
  /** CPU request of one pod, e.g. "250m". */
  cpuRequest: string;
}

/** How many pods of `cpuRequest` one node of `machineType` takes, or undefined if unknown. */
export function podsPerNode(machineType: string, cpuRequest: string): number | undefined {
  const vcpus = machineVcpus(machineType);
  if (vcpus === undefined) return undefined;
  return Math.max(0, Math.floor((allocatableCpuMillis(vcpus) - SYSTEM_PODS_CPU_MILLIS) / cpuMillis(cpuRequest)));
}

/** Throws InfraConfigError when the pool at `maxNodes` cannot schedule every workload at its peak. */
export function checkPoolCapacity(pool: PoolCapacity, workloads: WorkloadDemand[]): void {
  const vcpus = machineVcpus(pool.machineType);
  if (vcpus === undefined) return;
  const free = (allocatableCpuMillis(vcpus) - SYSTEM_PODS_CPU_MILLIS) * pool.maxNodes;
  const needed = workloads.reduce((sum, w) => sum + w.replicas * cpuMillis(w.cpuRequest), 0);
  if (needed <= free) return;
  const demand = workloads.map((w) => `${w.replicasKey} = ${w.replicas} pods × ${w.cpuRequest} CPU`).join(" + ");
  const perNode = allocatableCpuMillis(vcpus) - SYSTEM_PODS_CPU_MILLIS;
  throw invalidConfig(
    workloads[0]!.replicasKey.split("/")[0]!,
    String(workloads[0]!.replicas),
    `${demand} needs ${needed}m CPU, but cluster:maxNodes = ${pool.maxNodes} nodes of ${pool.machineType} offer ${free}m ` +
      `(${perNode}m each after GKE's reservation and system pods); raise cluster:maxNodes to ${Math.ceil(needed / perNode)} or lower the replicas`,
  );
}
