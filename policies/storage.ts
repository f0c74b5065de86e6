/**
 * Storage guardrails: buckets are private, uniformly controlled, and the data bucket keeps
 * history. Public principals on any resource, buckets included, are the contract's
 * `contract-no-public-principals` (policies/contract/contractRules.ts).
 */
import { storage } from "@pulumi/gcp";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";

/** The data bucket is the one labelled `role: data` by infra/components/dataBucket.ts. */
export const DATA_BUCKET_ROLE = "data";

export const uniformBucketLevelAccess: ResourceValidationPolicy = {
  name: "storage-uniform-bucket-level-access",
  description: "Buckets use uniform bucket-level access, so object ACLs cannot open single objects.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(storage.Bucket, (bucket, args, report) => {
    if (bucket.uniformBucketLevelAccess !== true) {
      report(`Bucket "${args.name}" does not use uniform bucket-level access; set uniformBucketLevelAccess: true.`);
    }
  }),
};

export const publicAccessPrevention: ResourceValidationPolicy = {
  name: "storage-public-access-prevention",
  description: "Buckets enforce public access prevention.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(storage.Bucket, (bucket, args, report) => {
    if (bucket.publicAccessPrevention !== "enforced") {
      report(`Bucket "${args.name}" does not enforce public access prevention; set publicAccessPrevention: "enforced".`);
    }
  }),
};

export const dataBucketVersioning: ResourceValidationPolicy = {
  name: "storage-data-bucket-versioning",
  description: "The data bucket keeps object versions, so an overwritten or deleted light curve can be recovered.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(storage.Bucket, (bucket, args, report) => {
    if (bucket.labels?.role === DATA_BUCKET_ROLE && bucket.versioning?.enabled !== true) {
      report(`Bucket "${args.name}" holds PANOPTES data but has no versioning; set versioning: { enabled: true }.`);
    }
  }),
};

export const storagePolicies = [uniformBucketLevelAccess, publicAccessPrevention, dataBucketVersioning];
