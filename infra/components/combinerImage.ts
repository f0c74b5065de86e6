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
  /** Keep at most this many untagged image versions. @default 10 */
  keepVersions?: number;
  /** `app` and `env` labels. */
  labels: ResourceLabels;
}

/** The image name (without tag or digest) in a Docker-format Artifact Registry repository. Pure. */
export function artifactImageName(region: string, project: string, repositoryId: string, image: string): string {
  return `${region}-docker.pkg.dev/${project}/${repositoryId}/${image}`;
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
        cleanupPolicies: [{ id: "keep-recent", action: "KEEP", mostRecentVersions: { keepCount: args.keepVersions ?? 10 } }],
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
