/** Every policy of the PIAA pack, by area. index.ts builds the PolicyPack from this list. */
import type { Policies } from "@pulumi/policy";
import { clusterPolicies } from "./cluster.js";
import { contractPolicies } from "./contract/cloudContract.js";
import { labelPolicies } from "./labels.js";
import { messagingPolicies } from "./messaging.js";
import { storagePolicies } from "./storage.js";
import { workloadPolicies } from "./workloads.js";

export const piaaPolicies: Policies = [...storagePolicies, ...messagingPolicies, ...clusterPolicies, ...workloadPolicies, ...labelPolicies, ...contractPolicies];
