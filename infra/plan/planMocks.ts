/**
 * Stand-ins for what the cloud would compute, so the program runs offline under
 * `pulumi.runtime.setMocks`. Each mocked resource echoes its inputs plus the outputs the program
 * reads (cluster endpoint and CA, topic id, service-account e-mail, image repoDigest, the internal
 * load balancer's IP); without them interpolated strings would contain "undefined". Addresses are
 * from the documentation ranges (RFC 5737) or the program's own private ranges.
 */
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";

type Inputs = Record<string, unknown>;

/** Project number returned by the mocked getProject (any 12 digits). */
export const MOCK_PROJECT_NUMBER = "123456789012";
/** Cluster endpoint: TEST-NET-3 (RFC 5737). */
export const MOCK_CLUSTER_ENDPOINT = "203.0.113.10";
/** The cluster's DNS-based control-plane endpoint (the form GKE gives it). */
export const MOCK_CLUSTER_DNS_ENDPOINT = "gke-0123456789abcdef-piaa.us-central1.gke.goog";
/** Internal load-balancer IP inside the cluster subnet (CLUSTER_RANGES.nodes). */
export const MOCK_INTERNAL_LB_IP = "10.10.0.50";

function fakeDigest(text: string): string {
  return `sha256:${createHash("sha256").update(text).digest("hex")}`;
}

/** Outputs the provider would compute for a resource of `type`. */
function computedOutputs(project: string, type: string, name: string, inputs: Inputs): { id: string; state: Inputs } {
  const physical = typeof inputs.name === "string" ? inputs.name : `${name}-0a1b2c3`;
  switch (type) {
    case "gcp:pubsub/topic:Topic":
    case "gcp:pubsub/subscription:Subscription": {
      const kind = type.endsWith("Topic") ? "topics" : "subscriptions";
      return { id: `projects/${project}/${kind}/${physical}`, state: { name: physical } };
    }
    case "gcp:serviceaccount/account:Account": {
      const email = `${String(inputs.accountId)}@${project}.iam.gserviceaccount.com`;
      return { id: `projects/${project}/serviceAccounts/${email}`, state: { email, name: `projects/${project}/serviceAccounts/${email}` } };
    }
    case "gcp:projects/serviceIdentity:ServiceIdentity": {
      // Service agents are service-<number>@gcp-sa-<short name>.iam.gserviceaccount.com.
      const email = `service-${MOCK_PROJECT_NUMBER}@gcp-sa-${String(inputs.service).split(".")[0]}.iam.gserviceaccount.com`;
      return { id: `projects/${project}/services/${String(inputs.service)}`, state: { email, member: `serviceAccount:${email}` } };
    }
    case "gcp:secretmanager/secret:Secret":
      return { id: `projects/${project}/secrets/${String(inputs.secretId)}`, state: { name: `projects/${project}/secrets/${String(inputs.secretId)}` } };
    case "gcp:secretmanager/secretVersion:SecretVersion":
      return { id: `${String(inputs.secret)}/versions/1`, state: { name: `${String(inputs.secret)}/versions/1`, version: "1" } };
    case "gcp:storage/bucket:Bucket":
      return { id: physical, state: { name: physical, url: `gs://${physical}` } };
    case "gcp:container/cluster:Cluster":
      return {
        id: `projects/${project}/locations/${String(inputs.location)}/clusters/${physical}`,
        state: {
          name: physical,
          endpoint: MOCK_CLUSTER_ENDPOINT,
          controlPlaneEndpointsConfig: { dnsEndpointConfig: { allowExternalTraffic: true, endpoint: MOCK_CLUSTER_DNS_ENDPOINT } },
          masterAuth: { clusterCaCertificate: Buffer.from("mock cluster CA").toString("base64") },
        },
      };
    case "gcp:compute/network:Network":
      return { id: `projects/${project}/global/networks/${physical}`, state: { name: physical, selfLink: `https://www.googleapis.com/compute/v1/projects/${project}/global/networks/${physical}` } };
    case "gcp:vpcaccess/connector:Connector":
      return { id: `projects/${project}/locations/${String(inputs.region)}/connectors/${physical}`, state: {} };
    case "gcp:appengine/application:Application":
      return { id: project, state: { defaultHostname: `${project}.uc.r.appspot.com` } };
    case "gcp:artifactregistry/repository:Repository":
      return { id: `projects/${project}/locations/${String(inputs.location)}/repositories/${String(inputs.repositoryId)}`, state: { name: String(inputs.repositoryId) } };
    case "docker:index/image:Image": {
      const imageName = String(inputs.imageName);
      return { id: imageName, state: { repoDigest: `${imageName.replace(/:[^:/]+$/, "")}@${fakeDigest(imageName)}` } };
    }
    case "random:index/randomPassword:RandomPassword":
      // Not a secret: a recognisable placeholder of the requested length.
      return { id: name, state: { result: "mock".padEnd(Number(inputs.length ?? 16), "x") } };
    case "kubernetes:core/v1:Service":
      return { id: name, state: { status: { loadBalancer: { ingress: [{ ip: MOCK_INTERNAL_LB_IP }] } } } };
    default:
      return { id: `${physical}-id`, state: {} };
  }
}

/** Mocks for the program in `project`: resources echo their inputs plus computed outputs. */
export function planMocks(project: string): pulumi.runtime.Mocks {
  return {
    newResource({ type, name, inputs }) {
      const { id, state } = computedOutputs(project, type, name, inputs as Inputs);
      return { id, state: { ...(inputs as Inputs), ...state } };
    },
    call({ token }) {
      switch (token) {
        case "gcp:organizations/getProject:getProject":
          return { projectId: project, number: MOCK_PROJECT_NUMBER, name: project };
        case "gcp:storage/getProjectServiceAccount:getProjectServiceAccount":
          return { emailAddress: `service-${MOCK_PROJECT_NUMBER}@gs-project-accounts.iam.gserviceaccount.com`, project };
        case "gcp:organizations/getClientConfig:getClientConfig":
          return { accessToken: "mock-access-token", project, id: project };
        default:
          throw new Error(`piaa plan: no mock for invoke ${token}`);
      }
    },
  };
}
