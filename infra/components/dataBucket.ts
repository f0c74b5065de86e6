/**
 * DataBucket: the bucket units upload LC/ and PSC/ objects to and the combiner keeps MLC/ in
 * (design §3, §6). Uniform bucket-level access and enforced public access prevention keep it
 * private; versioning keeps overwritten MLCs recoverable; lifecycle rules move bulky PSC cubes
 * to a colder class and expire old noncurrent versions.
 */
import * as pulumi from "@pulumi/pulumi";
import { storage, type types } from "@pulumi/gcp";
import { DATA_BUCKET_ROLE } from "../../policies/storage.js";
import type { ResourceLabels } from "./naming.js";

export interface DataBucketArgs {
  /** Globally unique bucket name. */
  bucketName: pulumi.Input<string>;
  /** Bucket location: a region (or multi-region). */
  location: pulumi.Input<string>;
  /** `app` and `env` labels; the bucket adds `role: data`. */
  labels: ResourceLabels;
  /** Age in days after which PSC/ cubes move to the ARCHIVE storage class. @default 30 */
  pscArchiveAfterDays?: number;
  /** Days a noncurrent (overwritten or deleted) object version is kept. @default 30 */
  noncurrentVersionDays?: number;
  /** Let `pulumi destroy` delete the bucket while it still holds objects. @default false */
  forceDestroy?: boolean;
}

export const DEFAULT_PSC_ARCHIVE_AFTER_DAYS = 30;
export const DEFAULT_NONCURRENT_VERSION_DAYS = 30;

/** Lifecycle rules of the data bucket. Pure. */
export function dataBucketLifecycleRules(
  pscArchiveAfterDays: number,
  noncurrentVersionDays: number,
): types.input.storage.BucketLifecycleRule[] {
  return [
    {
      action: { type: "SetStorageClass", storageClass: "ARCHIVE" },
      condition: { age: pscArchiveAfterDays, matchesPrefixes: ["PSC/"], withState: "LIVE" },
    },
    {
      action: { type: "Delete" },
      condition: { daysSinceNoncurrentTime: noncurrentVersionDays, withState: "ARCHIVED" },
    },
  ];
}

export class DataBucket extends pulumi.ComponentResource {
  readonly bucket: storage.Bucket;
  /** The bucket's name, as `gs://` URLs and IAM grants need it. */
  readonly bucketName: pulumi.Output<string>;

  constructor(name: string, args: DataBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("piaa:storage:DataBucket", name, {}, opts);
    this.bucket = new storage.Bucket(
      `${name}-bucket`,
      {
        name: args.bucketName,
        location: args.location,
        uniformBucketLevelAccess: true,
        publicAccessPrevention: "enforced",
        versioning: { enabled: true },
        lifecycleRules: dataBucketLifecycleRules(
          args.pscArchiveAfterDays ?? DEFAULT_PSC_ARCHIVE_AFTER_DAYS,
          args.noncurrentVersionDays ?? DEFAULT_NONCURRENT_VERSION_DAYS,
        ),
        forceDestroy: args.forceDestroy ?? false,
        // The label is how the policy pack tells the data bucket from others (it must be versioned).
        labels: { ...args.labels, role: DATA_BUCKET_ROLE },
      },
      { parent: this, protect: !(args.forceDestroy ?? false) },
    );
    this.bucketName = this.bucket.name;
    this.registerOutputs({ bucketName: this.bucketName });
  }
}
