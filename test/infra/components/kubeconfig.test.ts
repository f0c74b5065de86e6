import { describe, expect, it } from "vitest";
import yaml from "js-yaml";
import { gkeKubeconfig } from "../../../infra/components/kubeconfig.js";

describe("gkeKubeconfig", () => {
  const text = gkeKubeconfig({ contextName: "piaa", endpoint: "gke-0123abcd-piaa.us-central1-a.gke.goog" });
  const config = yaml.load(text) as {
    clusters: { cluster: { server: string; "certificate-authority-data"?: string } }[];
    users: { user: Record<string, { apiVersion?: string; command?: string }> }[];
    "current-context": string;
  };

  it("is YAML kubectl reads, pointing at the DNS endpoint over https (publicly trusted certificate: no cluster CA)", () => {
    expect(config["current-context"]).toBe("piaa");
    expect(config.clusters[0]?.cluster.server).toBe("https://gke-0123abcd-piaa.us-central1-a.gke.goog");
    expect(config.clusters[0]?.cluster["certificate-authority-data"]).toBeUndefined();
  });

  it("authenticates with the gke-gcloud-auth-plugin exec credential, not the removed gcp auth-provider", () => {
    const user = config.users[0]?.user ?? {};
    expect(user.exec).toMatchObject({ apiVersion: "client.authentication.k8s.io/v1beta1", command: "gke-gcloud-auth-plugin" });
    expect(user["auth-provider"]).toBeUndefined();
  });
});
