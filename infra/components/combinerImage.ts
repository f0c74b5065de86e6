/**
 * CombinerImage: an Artifact Registry repository and the combiner image built from
 * runtime/Dockerfile and pushed there (design §6). docker.Image does not build on preview;
 * consumers reference `repoDigest`, so a changed image changes the Deployment and rolls out.
 */
import * as pulumi from "@pulumi/pulumi";
import * as docker from "@pulumi/docker";
import { artifactregistry, organizations } from "@pulumi/gcp";
import type { ResourceLabels } from "./naming.js";

export interface CombinerImageArgs {
  /** Project id the repository lives in. */
  project: pulumi.Input<string>;
  /** Region of the repository (images are pulled from `<region>-docker.pkg.dev`). */
  region: pulumi.Input<string>;
  /** Docker build context: the repository root, filtered by its .dockerignore. */
  context: string;
  /** Dockerfile path relative to the context. @default "runtime/Dockerfile" */
  dockerfile?: string;
  /** IAM members (e.g. the GKE node service account) allowed to pull from the repository. */
  readers: pulumi.Input<string>[];
  /** Always keep this many most recent image versions. @default 10 */
  keepVersions?: number;
  /** Delete other versions older than this many days. @default 30 */
  deleteAfterDays?: number;
  /** `app` and `env` labels. */
  labels: ResourceLabels;
}

/** The image name (without tag or digest) in a Docker-format Artifact Registry repository. Pure. */
export function artifactImageName(region: string, project: string, repositoryId: string, image: string): string {
  return `${region}-docker.pkg.dev/${project}/${repositoryId}/${image}`;
}

/**
 * Cleanup policies: a DELETE rule for versions older than `deleteAfterDays`, and a KEEP rule for
 * the `keepVersions` most recent, which wins over DELETE. Artifact Registry deletes only what a
 * DELETE policy matches; KEEP policies alone delete nothing
 * (https://cloud.google.com/artifact-registry/docs/repositories/cleanup-policy#policy-precedence). Pure.
 */
export function artifactCleanupPolicies(keepVersions: number, deleteAfterDays: number): artifactregistry.RepositoryArgs["cleanupPolicies"] {
  return [
    { id: "delete-old", action: "DELETE", condition: { tagState: "ANY", olderThan: `${deleteAfterDays * 86_400}s` } },
    { id: "keep-recent", action: "KEEP", mostRecentVersions: { keepCount: keepVersions } },
  ];
}

export class CombinerImage extends pulumi.ComponentResource {
  readonly repository: artifactregistry.Repository;
  readonly image: docker.Image;
  /** `<image>@sha256:<digest>` of the pushed image: what Deployments must reference. */
  readonly repoDigest: pulumi.Output<string>;

  constructor(name: string, args: CombinerImageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("piaa:images:CombinerImage", name, {}, opts);
    const parent = { parent: this };

    this.repository = new artifactregistry.Repository(
      `${name}-repo`,
      {
        repositoryId: `piaa-${args.labels.env}`,
        location: args.region,
        format: "DOCKER",
        description: "PIAA container images",
        cleanupPolicies: artifactCleanupPolicies(args.keepVersions ?? 10, args.deleteAfterDays ?? 30),
        cleanupPolicyDryRun: false,
        labels: args.labels,
      },
      parent,
    );
    const readerGrants = args.readers.map(
      (member, index) =>
        new artifactregistry.RepositoryIamMember(
          `${name}-reader-${index}`,
          { repository: this.repository.name, location: this.repository.location, role: "roles/artifactregistry.reader", member },
          parent,
        ),
    );

    const registryServer = pulumi.interpolate`${args.region}-docker.pkg.dev`;
    const accessToken = organizations.getClientConfigOutput(parent).accessToken;
    this.image = new docker.Image(
      `${name}-image`,
      {
        imageName: pulumi
          .all([args.region, args.project, this.repository.repositoryId])
          .apply(([region, project, repositoryId]) => `${artifactImageName(region, project, repositoryId, "combiner")}:latest`),
        build: { context: args.context, dockerfile: `${args.context}/${args.dockerfile ?? "runtime/Dockerfile"}`, platform: "linux/amd64" },
        registry: { server: registryServer, username: "oauth2accesstoken", password: pulumi.secret(accessToken) },
        // Previews never build or push; `pulumi up` does, and a new digest rolls the Deployment.
        buildOnPreview: false,
      },
      { parent: this, dependsOn: readerGrants },
    );
    this.repoDigest = this.image.repoDigest;
    this.registerOutputs({ repoDigest: this.repoDigest, repositoryId: this.repository.repositoryId });
  }
}
