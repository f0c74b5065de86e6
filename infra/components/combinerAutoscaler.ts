/**
 * CombinerAutoscaler: the combiner's HPA, on CPU and, when asked, on the backlog of the push
 * subscription (design §6; README "Combiner service", "Scaling signal"). It is made after the subscription, which needs the
 * proxy's URL, which needs the combiner's: so not inside Combiner. The backlog reaches the HPA
 * through the Custom Metrics Stackdriver Adapter, which reads Cloud Monitoring as the Kubernetes
 * service account custom-metrics/custom-metrics-stackdriver-adapter; that identity gets
 * roles/monitoring.viewer here, through Workload Identity and a Google service account
 * (https://cloud.google.com/kubernetes-engine/docs/tutorials/autoscaling-metrics).
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { projects, serviceaccount } from "@pulumi/gcp";
import { workloadIdentityMember } from "./combiner.js";
import { combinerHorizontalPodAutoscaler, type CombinerWorkload } from "./combinerManifests.js";
import { serviceAccountId, serviceAccountMember, type ResourceLabels } from "./naming.js";

/** Where Google's adapter manifest (k8s-stackdriver, adapter_new_resource_model.yaml) runs it. */
export const METRICS_ADAPTER_NAMESPACE = "custom-metrics";
export const METRICS_ADAPTER_KSA = "custom-metrics-stackdriver-adapter";
/** Read metrics and nothing else (https://cloud.google.com/monitoring/access-control#roles). */
export const MONITORING_VIEWER_ROLE = "roles/monitoring.viewer";
export interface CombinerAutoscalerArgs {
  /** Kubernetes provider of the cluster the combiner runs on. */
  provider: k8s.Provider;
  /** The Workload-Identity cluster (see CombinerArgs.identityPool). */
  identityPool: pulumi.Resource;
  /** Project id: the monitoring.viewer grant and the Workload Identity pool. */
  project: pulumi.Input<string>;
  /** The combiner's workload (Combiner.workload): what the HPA scales. */
  workload: CombinerWorkload;
  /** The push subscription's short name (ObjectNotifications.subscription.name). */
  subscriptionId: pulumi.Input<string>;
  /**
   * Undelivered notifications per replica the HPA aims at, next to CPU (`combiner:backlogPerReplica`);
   * 0: CPU only, and no adapter identity. Set it once the adapter runs in the cluster: while an
   * External metric is unavailable the HPA still scales up on CPU but never scales down.
   */
  messagesPerReplica: number;
  /** The Combiner, parent of the HPA before this component existed: aliased, so a stack's HPA is kept, not replaced. */
  combiner: pulumi.Resource;
  /** Resources the HPA waits for (the Deployment). */
  dependsOn?: pulumi.Input<pulumi.Resource>[];
  labels: ResourceLabels;
}

export class CombinerAutoscaler extends pulumi.ComponentResource {
  /** The Google service account to annotate the adapter's Kubernetes service account with (backlog signal only). */
  readonly adapterServiceAccountEmail: pulumi.Output<string | undefined>;

  constructor(name: string, args: CombinerAutoscalerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("piaa:combiner:CombinerAutoscaler", name, {}, opts);
    const backlog = args.messagesPerReplica > 0 ? { subscriptionId: args.subscriptionId, messagesPerReplica: args.messagesPerReplica } : undefined;
    const adapter = backlog && this.adapterIdentity(name, args);
    new k8s.autoscaling.v2.HorizontalPodAutoscaler(
      `${args.workload.name}-hpa`,
      combinerHorizontalPodAutoscaler(args.workload, backlog),
      { parent: this, provider: args.provider, dependsOn: args.dependsOn, aliases: [{ name: `${args.workload.name}-hpa`, parent: args.combiner }] },
    );
    this.adapterServiceAccountEmail = pulumi.output(adapter?.email);
    this.registerOutputs({ adapterServiceAccountEmail: this.adapterServiceAccountEmail });
  }

  /** The adapter's Google identity: reads Cloud Monitoring, used from the adapter's pods through Workload Identity. */
  private adapterIdentity(name: string, args: CombinerAutoscalerArgs): serviceaccount.Account {
    const parent = { parent: this };
    const adapter = new serviceaccount.Account(
      `${name}-adapter-gsa`,
      { accountId: serviceAccountId(`metrics-adapter-${args.labels.env}`), displayName: "PIAA custom metrics adapter (reads Cloud Monitoring)" },
      parent,
    );
    new projects.IAMMember(`${name}-monitoring-viewer`, { project: args.project, role: MONITORING_VIEWER_ROLE, member: adapter.email.apply(serviceAccountMember) }, parent);
    new serviceaccount.IAMMember(
      `${name}-adapter-workload-identity`,
      {
        serviceAccountId: adapter.name,
        role: "roles/iam.workloadIdentityUser",
        member: pulumi.output(args.project).apply((project) => workloadIdentityMember(project, METRICS_ADAPTER_NAMESPACE, METRICS_ADAPTER_KSA)),
      },
      { parent: this, dependsOn: [args.identityPool] },
    );
    return adapter;
  }
}
