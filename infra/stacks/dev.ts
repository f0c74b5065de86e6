import type { StackProfile } from "./profile.js";

/** dev: zonal, small and cheap; everything can be torn down. */
export const dev: StackProfile = {
  env: "dev",
  region: "us-central1",
  regionalCluster: false,
  privateNodes: false,
  spotNodes: true,
  minNodes: 1,
  maxNodes: 3,
  machineType: "e2-standard-2",
  releaseChannel: "REGULAR",
  deletionProtection: false,
  combinerReplicas: 1,
  combinerMaxReplicas: 3,
  combinerTargetCpuPercent: 70,
  combinerAutoscale: true,
  proxyMinInstances: 0,
  proxyMaxInstances: 2,
  proxyCreateApplication: true,
  forceDestroyBucket: true,
};
