/**
 * Cluster: the GKE cluster the combiner runs on (design §6). VPC-native on its own network with
 * Private Google Access (private nodes reach Artifact Registry and GCS without public IPs),
 * Workload Identity, a release channel, the default node pool removed in favour of a separately
 * managed autoscaled pool, and a least-privilege node service account. Exposes a kubernetes
 * Provider built from a kubeconfig that authenticates with gke-gcloud-auth-plugin.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { compute, container, projects, serviceaccount } from "@pulumi/gcp";
import { gkeKubeconfig } from "./kubeconfig.js";
import { serviceAccountId, serviceAccountMember, type ResourceLabels } from "./naming.js";

export interface ClusterArgs {
  /** Project id (Workload Identity pool `<project>.svc.id.goog`, node service account grant). */
  project: pulumi.Input<string>;
  /** Region of the network. */
  region: pulumi.Input<string>;
  /** Cluster location: the region (regional cluster) or one zone (zonal cluster). */
  location: pulumi.Input<string>;
  /** Compute Engine machine type of the nodes, e.g. "e2-standard-4". */
  machineType: pulumi.Input<string>;
  /** Fewest nodes the autoscaler keeps, in total across zones. */
  minNodes: number;
  /** Most nodes the autoscaler adds, in total across zones. */
  maxNodes: pulumi.Input<number>;
  /** Nodes without public IP addresses. @default false */
  privateNodes?: boolean;
  /** Spot VMs (cheaper, may be preempted). @default false */
  spotNodes?: pulumi.Input<boolean>;
  /** GKE release channel. @default "REGULAR" */
  releaseChannel?: pulumi.Input<"RAPID" | "REGULAR" | "STABLE">;
  /** Refuse to delete the cluster on `pulumi destroy`. @default true */
  deletionProtection?: pulumi.Input<boolean>;
  /** Zones the node pool spans (3 regional, 1 zonal): the initial size is per zone. @default 1 */
  zones?: number;
  /** CIDR blocks allowed to the control plane's IP endpoint; everyone else uses the IAM-checked DNS endpoint. @default [] */
  authorizedNetworks?: string[];
  /** `app` and `env` labels. */
  labels: ResourceLabels;
}

/** Address plan of the cluster network (RFC 1918, disjoint from the connector's 10.8.0.0/28). */
export const CLUSTER_RANGES = {
  nodes: "10.10.0.0/20",
  pods: "10.20.0.0/14",
  services: "10.24.0.0/20",
  controlPlane: "172.16.0.32/28",
} as const;

/** The one role Google documents for custom node service accounts: logs, metrics, metadata. */
export const NODE_SERVICE_ACCOUNT_ROLE = "roles/container.defaultNodeServiceAccount";

/** Nodes per zone that make at least `minNodes` in total. Pure. */
export function initialNodesPerZone(minNodes: number, zones: number): number {
  return Math.ceil(minNodes / zones);
}

export class Cluster extends pulumi.ComponentResource {
  readonly network: compute.Network;
  readonly cluster: container.Cluster;
  readonly nodePool: container.NodePool;
  readonly nodeServiceAccount: serviceaccount.Account;
  readonly clusterName: pulumi.Output<string>;
  /** Kubeconfig (secret) using gke-gcloud-auth-plugin. */
  readonly kubeconfig: pulumi.Output<string>;
  readonly provider: k8s.Provider;

  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("piaa:cluster:Cluster", name, {}, opts);
    const parent = { parent: this };

    this.network = new compute.Network(`${name}-network`, { autoCreateSubnetworks: false }, parent);
    const subnet = new compute.Subnetwork(
      `${name}-subnet`,
      {
        network: this.network.id,
        region: args.region,
        ipCidrRange: CLUSTER_RANGES.nodes,
        privateIpGoogleAccess: true,
        secondaryIpRanges: [
          { rangeName: "pods", ipCidrRange: CLUSTER_RANGES.pods },
          { rangeName: "services", ipCidrRange: CLUSTER_RANGES.services },
        ],
      },
      parent,
    );

    this.nodeServiceAccount = new serviceaccount.Account(
      `${name}-nodes`,
      { accountId: serviceAccountId(`${name}-nodes-${args.labels.env}`), displayName: "PIAA GKE nodes (least privilege)" },
      parent,
    );
    const nodeRole = new projects.IAMMember(
      `${name}-nodes-role`,
      { project: args.project, role: NODE_SERVICE_ACCOUNT_ROLE, member: this.nodeServiceAccount.email.apply(serviceAccountMember) },
      parent,
    );

    this.cluster = new container.Cluster(
      `${name}-cluster`,
      {
        location: args.location,
        network: this.network.id,
        subnetwork: subnet.id,
        networkingMode: "VPC_NATIVE",
        ipAllocationPolicy: { clusterSecondaryRangeName: "pods", servicesSecondaryRangeName: "services" },
        removeDefaultNodePool: true,
        initialNodeCount: 1,
        // Item 6: the control plane's IP endpoint admits only the authorized networks (none by
        // default, nor Google Cloud's public ranges); kubectl and the kubernetes provider use the
        // DNS endpoint, where every request is authorised by IAM
        // (https://cloud.google.com/kubernetes-engine/docs/concepts/network-isolation#dns-based_endpoint).
        controlPlaneEndpointsConfig: { dnsEndpointConfig: { allowExternalTraffic: true }, ipEndpointsConfig: { enabled: true } },
        masterAuthorizedNetworksConfig: {
          cidrBlocks: (args.authorizedNetworks ?? []).map((cidrBlock) => ({ cidrBlock, displayName: "operator" })),
          gcpPublicCidrsAccessEnabled: false,
        },
        nodeConfig: { serviceAccount: this.nodeServiceAccount.email, oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"] },
        workloadIdentityConfig: { workloadPool: pulumi.interpolate`${args.project}.svc.id.goog` },
        releaseChannel: { channel: args.releaseChannel ?? "REGULAR" },
        privateClusterConfig: args.privateNodes
          ? { enablePrivateNodes: true, enablePrivateEndpoint: false, masterIpv4CidrBlock: CLUSTER_RANGES.controlPlane }
          : undefined,
        deletionProtection: args.deletionProtection ?? true,
        resourceLabels: args.labels,
      },
      // The default pool (and its nodeConfig, ForceNew in the provider) is removed right after
      // creation; what a refresh reads back of it must never plan a replacement of the cluster.
      { parent: this, dependsOn: [nodeRole], ignoreChanges: ["nodeConfig", "initialNodeCount"] },
    );

    this.nodePool = new container.NodePool(
      `${name}-pool`,
      {
        cluster: this.cluster.name,
        location: args.location,
        // Item 8: the pool starts at cluster:minNodes (per zone, rounded up). The provider
        // replaces the pool when this changes, so raising cluster:minNodes rolls in a pool that
        // has those nodes instead of waiting for pods to go Pending.
        initialNodeCount: initialNodesPerZone(args.minNodes, args.zones ?? 1),
        autoscaling: { totalMinNodeCount: args.minNodes, totalMaxNodeCount: args.maxNodes, locationPolicy: "BALANCED" },
        management: { autoRepair: true, autoUpgrade: true },
        nodeConfig: {
          machineType: args.machineType,
          spot: args.spotNodes ?? false,
          serviceAccount: this.nodeServiceAccount.email,
          oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
          workloadMetadataConfig: { mode: "GKE_METADATA" },
          shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
          resourceLabels: args.labels,
        },
      },
      parent,
    );

    this.clusterName = this.cluster.name;
    this.kubeconfig = pulumi.secret(
      pulumi
        .all([this.cluster.name, this.cluster.controlPlaneEndpointsConfig.apply((c) => c?.dnsEndpointConfig?.endpoint)])
        .apply(([contextName, endpoint]) => gkeKubeconfig({ contextName, endpoint: endpoint ?? "" })),
    );
    // Workloads wait for the node pool: applied earlier they would sit unschedulable.
    this.provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: this.kubeconfig }, { parent: this, dependsOn: [this.nodePool] });

    this.registerOutputs({ clusterName: this.clusterName, kubeconfig: this.kubeconfig, networkId: this.network.id });
  }
}
