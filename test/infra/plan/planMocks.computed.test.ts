/**
 * The rest of what the plan's mocks compute, each in the shape Google's APIs give it:
 * Secret Manager names (https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets
 * and .versions), GKE cluster names (https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters),
 * Serverless VPC Access connectors (https://cloud.google.com/vpc/docs/reference/vpcaccess/rest/v1/projects.locations.connectors),
 * App Engine's default host name `<project>.<region id>.r.appspot.com` (https://cloud.google.com/appengine/docs/standard/how-requests-are-routed#region-id),
 * Artifact Registry repositories (https://cloud.google.com/artifact-registry/docs/reference/rest/v1/projects.locations.repositories),
 * image digests `<repository>@sha256:<64 hex>` (https://cloud.google.com/artifact-registry/docs/docker/names),
 * and the Cloud Storage service agent, service-<number>@gs-project-accounts.iam.gserviceaccount.com
 * (https://cloud.google.com/storage/docs/projects#service-agents).
 */
import type * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { CLUSTER_RANGES } from "../../../infra/components/cluster.js";
import { MOCK_PROJECT_NUMBER, planMocks } from "../../../infra/plan/planMocks.js";

const mocks = planMocks("survey-1");

async function created(type: string, name: string, inputs: Record<string, unknown> = {}): Promise<{ id: string | undefined; state: Record<string, unknown> }> {
  const result = await mocks.newResource({ type, name, inputs, custom: true } as pulumi.runtime.MockResourceArgs);
  return { id: result.id, state: result.state as Record<string, unknown> };
}

function invoked(token: string): Record<string, unknown> {
  return mocks.call({ token, inputs: {} } as pulumi.runtime.MockCallArgs) as Record<string, unknown>;
}

/** Whether dotted-quad `ip` lies in `cidr` (a.b.c.d/n). */
function inCidr(ip: string, cidr: string): boolean {
  const value = (text: string): number => text.split(".").reduce((sum, octet) => sum * 256 + Number(octet), 0);
  const [base = "", bits = "32"] = cidr.split("/");
  const size = 2 ** (32 - Number(bits));
  return Math.floor(value(ip) / size) === Math.floor(value(base) / size);
}

describe("planMocks: the rest of what the provider would compute", () => {
  it("names secrets and their versions as Secret Manager does", async () => {
    const secret = await created("gcp:secretmanager/secret:Secret", "token-secret", { secretId: "combiner-token-dev" });
    expect(secret.id).toBe("projects/survey-1/secrets/combiner-token-dev");
    expect(secret.state.name).toBe(secret.id);
    const version = await created("gcp:secretmanager/secretVersion:SecretVersion", "token-version", { secret: secret.id });
    expect(version.id).toBe("projects/survey-1/secrets/combiner-token-dev/versions/1");
    expect(version.state).toMatchObject({ name: version.id, version: "1" });
  });

  it("gives the cluster its resource name, a documentation-range endpoint and a readable CA", async () => {
    const { id, state } = await created("gcp:container/cluster:Cluster", "gke-cluster", { name: "piaa-dev", location: "us-central1" });
    expect(id).toBe("projects/survey-1/locations/us-central1/clusters/piaa-dev");
    expect(inCidr(String(state.endpoint), "203.0.113.0/24")).toBe(true);
    const auth = state.masterAuth as { clusterCaCertificate: string };
    expect(Buffer.from(auth.clusterCaCertificate, "base64").toString("base64")).toBe(auth.clusterCaCertificate);
    expect(auth.clusterCaCertificate.length).toBeGreaterThan(0);
  });

  it("places a connector, the App Engine application and a repository where their APIs name them", async () => {
    expect((await created("gcp:vpcaccess/connector:Connector", "connector", { name: "piaa-dev", region: "us-central1" })).id).toBe(
      "projects/survey-1/locations/us-central1/connectors/piaa-dev",
    );
    const app = await created("gcp:appengine/application:Application", "app", { locationId: "us-central" });
    expect(app.id).toBe("survey-1");
    expect(app.state.defaultHostname).toMatch(/^survey-1\.[a-z]{2}\.r\.appspot\.com$/);
    const repository = await created("gcp:artifactregistry/repository:Repository", "images", { location: "us-central1", repositoryId: "piaa" });
    expect(repository.id).toBe("projects/survey-1/locations/us-central1/repositories/piaa");
  });

  it("digests an image as <repository>@sha256:<64 hex>, one digest per image", async () => {
    const image = "us-central1-docker.pkg.dev/survey-1/piaa/combiner";
    const tagged = await created("docker:index/image:Image", "combiner-image", { imageName: `${image}:dev` });
    expect(tagged.state.repoDigest).toMatch(new RegExp(`^${image.replace(/[./]/g, "\\$&")}@sha256:[0-9a-f]{64}$`));
    const other = await created("docker:index/image:Image", "combiner-image", { imageName: `${image}:prod` });
    expect(other.state.repoDigest).not.toBe(tagged.state.repoDigest);
  });

  it("gives the internal load balancer an address inside the cluster's node range", async () => {
    const { state } = await created("kubernetes:core/v1:Service", "combiner-service", { metadata: { name: "combiner" } });
    const ingress = (state.status as { loadBalancer: { ingress: { ip: string }[] } }).loadBalancer.ingress;
    expect(ingress).toHaveLength(1);
    expect(inCidr(ingress[0]!.ip, CLUSTER_RANGES.nodes)).toBe(true);
    expect(state.metadata).toEqual({ name: "combiner" });
  });

  it("gives any other resource an id of its own", async () => {
    expect((await created("gcp:projects/iAMMember:IAMMember", "grant", { role: "roles/viewer" })).id).toBe("grant-0a1b2c3-id");
  });

  it("answers the project, storage service agent and client config invokes for this project", () => {
    expect(invoked("gcp:organizations/getProject:getProject")).toEqual({ projectId: "survey-1", number: MOCK_PROJECT_NUMBER, name: "survey-1" });
    expect(MOCK_PROJECT_NUMBER).toMatch(/^\d{12}$/);
    expect(invoked("gcp:storage/getProjectServiceAccount:getProjectServiceAccount")).toEqual({
      emailAddress: `service-${MOCK_PROJECT_NUMBER}@gs-project-accounts.iam.gserviceaccount.com`,
      project: "survey-1",
    });
    expect(invoked("gcp:organizations/getClientConfig:getClientConfig")).toMatchObject({ project: "survey-1" });
  });
});
