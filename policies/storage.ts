/** Storage guardrails: buckets are private, uniformly controlled, and the data bucket keeps history. */
import { storage } from "@pulumi/gcp";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";

const PUBLIC_MEMBERS = ["allUsers", "allAuthenticatedUsers"];

/** The data bucket is the one labelled `role: data` by infra/components/dataBucket.ts. */
export const DATA_BUCKET_ROLE = "data";

function isPublicMember(member: string | undefined): boolean {
  return member !== undefined && PUBLIC_MEMBERS.includes(member);
}

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

export const noPublicBucketMembers: ResourceValidationPolicy = {
  name: "storage-no-public-members",
  description: "No bucket grants a role to allUsers or allAuthenticatedUsers.",
  enforcementLevel: "mandatory",
  validateResource: [
    validateResourceOfType(storage.BucketIAMMember, (grant, args, report) => {
      if (isPublicMember(grant.member)) {
        report(`BucketIAMMember "${args.name}" grants ${grant.role} to ${grant.member}; grant it to a service account instead.`);
      }
    }),
    validateResourceOfType(storage.BucketIAMBinding, (binding, args, report) => {
      const open = (binding.members ?? []).filter(isPublicMember);
      if (open.length > 0) {
        report(`BucketIAMBinding "${args.name}" grants ${binding.role} to ${open.join(", ")}; remove the public members.`);
      }
    }),
    validateResourceOfType(storage.BucketIAMPolicy, (policy, args, report) => {
      const open = PUBLIC_MEMBERS.filter((member) => (policy.policyData ?? "").includes(`"${member}"`));
      if (open.length > 0) report(`BucketIAMPolicy "${args.name}" grants roles to ${open.join(", ")}; remove the public members.`);
    }),
    validateResourceOfType(storage.BucketAccessControl, (acl, args, report) => {
      if (isPublicMember(acl.entity)) report(`BucketAccessControl "${args.name}" opens the bucket to ${acl.entity}; remove it.`);
    }),
  ],
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

export const storagePolicies = [uniformBucketLevelAccess, publicAccessPrevention, noPublicBucketMembers, dataBucketVersioning];
