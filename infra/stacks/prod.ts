import type { StackProfile } from "./profile.js";

/** prod: regional control plane, private nodes, more replicas; data and cluster are protected. */
export const prod: StackProfile = {
  env: "prod",
  region: "us-central1",
  regionalCluster: true,
  privateNodes: true,
  spotNodes: false,
  minNodes: 3,
  maxNodes: 12,
  machineType: "e2-standard-4",
  releaseChannel: "STABLE",
  deletionProtection: true,
  combinerReplicas: 3,
  combinerMaxReplicas: 12,
  combinerTargetCpuPercent: 60,
  combinerAutoscale: true,
  proxyMinInstances: 1,
  proxyMaxInstances: 10,
  proxyCreateApplication: true,
  forceDestroyBucket: false,
};
