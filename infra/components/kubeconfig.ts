/**
 * Kubeconfig of a GKE cluster. Credentials come from the `gke-gcloud-auth-plugin` exec plugin
 * (client.authentication.k8s.io/v1beta1): the old `auth-provider: gcp` form was removed from
 * kubectl and client-go, so a kubeconfig using it no longer authenticates.
 */

export interface KubeconfigArgs {
  /** Context, cluster and user name written in the file. */
  contextName: string;
  /** Cluster endpoint: host or IP, without scheme. */
  endpoint: string;
  /** Base64 PEM of the cluster CA (masterAuth.clusterCaCertificate). */
  caCertificate: string;
}

/** The kubeconfig document (JSON is valid YAML; kubectl and the kubernetes provider read it). Pure. */
export function gkeKubeconfig({ contextName, endpoint, caCertificate }: KubeconfigArgs): string {
  const config = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: contextName, cluster: { server: `https://${endpoint}`, "certificate-authority-data": caCertificate } }],
    contexts: [{ name: contextName, context: { cluster: contextName, user: contextName } }],
    "current-context": contextName,
    users: [
      {
        name: contextName,
        user: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "gke-gcloud-auth-plugin",
            installHint: "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin",
            provideClusterInfo: true,
            interactiveMode: "Never",
          },
        },
      },
    ],
  };
  return JSON.stringify(config, null, 2);
}
