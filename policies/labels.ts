/** Labels: every labelable GCP resource says which app and which environment it belongs to. */
import type { StackValidationPolicy } from "@pulumi/policy";

/**
 * GCP resource types this program creates that take labels (per the @pulumi/gcp 9 schemas), and
 * the input that holds them. Networks, subnetworks, service accounts and App Engine versions
 * take none.
 */
export const LABEL_FIELDS: Record<string, string[]> = {
  "gcp:storage/bucket:Bucket": ["labels"],
  "gcp:pubsub/topic:Topic": ["labels"],
  "gcp:pubsub/subscription:Subscription": ["labels"],
  "gcp:container/cluster:Cluster": ["resourceLabels"],
  "gcp:container/nodePool:NodePool": ["nodeConfig", "resourceLabels"],
  "gcp:artifactregistry/repository:Repository": ["labels"],
};

export const REQUIRED_LABELS = ["app", "env"] as const;

function labelsOf(props: Record<string, unknown>, path: string[]): Record<string, unknown> | undefined {
  let value: unknown = props;
  for (const key of path) value = (value as Record<string, unknown> | undefined)?.[key];
  return value as Record<string, unknown> | undefined;
}

export const appEnvLabels: StackValidationPolicy = {
  name: "labels-app-env",
  description: "Every labelable GCP resource carries `app` and `env` labels, with one `env` across the stack.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const envs = new Map<string, string[]>();
    for (const resource of args.resources) {
      const path = LABEL_FIELDS[resource.type];
      if (!path) continue;
      const labels = labelsOf(resource.props, path) ?? {};
      const missing = REQUIRED_LABELS.filter((key) => typeof labels[key] !== "string" || labels[key] === "");
      if (missing.length > 0) {
        report(`${resource.type.split(":").pop()} "${resource.name}" lacks label(s) ${missing.join(", ")}; add them to ${path.join(".")}.`, resource.urn);
      }
      if (typeof labels.env === "string") envs.set(labels.env, [...(envs.get(labels.env) ?? []), resource.name]);
    }
    if (envs.size > 1) {
      const summary = [...envs].map(([env, names]) => `${env} (${names.length})`).join(", ");
      report(`Resources disagree on the env label: ${summary}; one stack is one environment.`);
    }
  },
};

export const labelPolicies = [appEnvLabels];
