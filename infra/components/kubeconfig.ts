/**
 * Kubeconfig of a GKE cluster, through its DNS-based control-plane endpoint: that endpoint serves
 * a publicly trusted certificate (no cluster CA in the file) and authorises every request with
 * IAM, which is why the IP endpoint can stay closed to the internet
 * (https://cloud.google.com/kubernetes-engine/docs/how-to/latest/network-isolation#dns-based-endpoint).
 * Credentials come from the `gke-gcloud-auth-plugin` exec plugin
 * (client.authentication.k8s.io/v1beta1): the old `auth-provider: gcp` form was removed from
 * kubectl and client-go, so a kubeconfig using it no longer authenticates.
 */

export interface KubeconfigArgs {
  /** Context, cluster and user name written in the file. */
  contextName: string;
  /** The cluster's DNS endpoint (controlPlaneEndpointsConfig.dnsEndpointConfig.endpoint), without scheme. */
  endpoint: string;
}

/** The kubeconfig document (JSON is valid YAML; kubectl and the kubernetes provider read it). Pure. */
export function gkeKubeconfig({ contextName, endpoint }: KubeconfigArgs): string {
  const config = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: contextName, cluster: { server: `https://${endpoint}` } }],
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
