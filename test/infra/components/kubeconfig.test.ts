import { describe, expect, it } from "vitest";
import yaml from "js-yaml";
import { gkeKubeconfig } from "../../../infra/components/kubeconfig.js";

describe("gkeKubeconfig", () => {
  const text = gkeKubeconfig({ contextName: "piaa", endpoint: "203.0.113.10", caCertificate: "Q0E=" });
  const config = yaml.load(text) as {
    clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
    users: { user: Record<string, { apiVersion?: string; command?: string }> }[];
    "current-context": string;
  };

  it("is YAML kubectl reads, pointing at the endpoint over https with the cluster CA", () => {
    expect(config["current-context"]).toBe("piaa");
    expect(config.clusters[0]?.cluster.server).toBe("https://203.0.113.10");
    expect(config.clusters[0]?.cluster["certificate-authority-data"]).toBe("Q0E=");
  });

  it("authenticates with the gke-gcloud-auth-plugin exec credential, not the removed gcp auth-provider", () => {
    const user = config.users[0]?.user ?? {};
    expect(user.exec).toMatchObject({ apiVersion: "client.authentication.k8s.io/v1beta1", command: "gke-gcloud-auth-plugin" });
    expect(user["auth-provider"]).toBeUndefined();
  });
});
