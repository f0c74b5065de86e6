/**
 * What the mocks answer where the program builds a login from it, in the shapes Google gives:
 * getClientConfig's access token (@pulumi/gcp organizations/getClientConfig `accessToken`, "the OAuth2
 * access token used by the client to authenticate against the Google Cloud API"), which the program
 * logs in to Artifact Registry with (combinerImage.ts), and a cluster's DNS-based control-plane
 * endpoint (ControlPlaneEndpointsConfig.DNSEndpointConfig `endpoint`, "a DNS format address … Ex:
 * uid.us-central1.gke.goog", Kubernetes Engine API), which the kubeconfig points at (kubeconfig.ts).
 * Both reach the plan only inside secrets, so no plan check sees an empty one.
 */
import type * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { planMocks } from "../../../infra/plan/planMocks.js";

const mocks = planMocks("survey-1");

describe("planMocks, endpoints and tokens", () => {
  it("answers getClientConfig with an access token for the project", () => {
    const answer = mocks.call({ token: "gcp:organizations/getClientConfig:getClientConfig", inputs: {} } as pulumi.runtime.MockCallArgs) as Record<string, unknown>;
    expect(answer).toMatchObject({ project: "survey-1", accessToken: expect.stringMatching(/^\S+$/) as unknown });
  });

  it("gives a cluster a DNS endpoint of the form <uid>.<region>.gke.goog", async () => {
    const { state } = await mocks.newResource({ type: "gcp:container/cluster:Cluster", name: "gke-cluster", inputs: { location: "us-central1" }, custom: true } as pulumi.runtime.MockResourceArgs);
    const endpoint = (state as { controlPlaneEndpointsConfig: { dnsEndpointConfig: { endpoint: string } } }).controlPlaneEndpointsConfig.dnsEndpointConfig.endpoint;
    expect(endpoint).toMatch(/^[a-z0-9-]+\.[a-z]+-[a-z]+[0-9]+\.gke\.goog$/);
  });
});
