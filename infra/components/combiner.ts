/**
 * Combiner: the combiner workload on GKE (design §5, §6). Its Kubernetes service account is bound
 * through Workload Identity to a Google service account that may only use objects of the data
 * bucket; the bearer token shared with the proxy is generated here and kept in a Secret. Reached
 * by the proxy through an internal load balancer.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as random from "@pulumi/random";
import { serviceaccount, storage } from "@pulumi/gcp";
import {
  combinerDeployment,
  combinerPodDisruptionBudget,
  combinerService,
  type CombinerWorkload,
} from "./combinerManifests.js";
import { serviceAccountId, serviceAccountMember, type ResourceLabels } from "./naming.js";

export interface CombinerArgs {
  /** Kubernetes provider of the cluster the combiner runs on. */
  provider: k8s.Provider;
  /**
   * The Workload-Identity cluster: IAM rejects a `PROJECT.svc.id.goog[ns/ksa]` member ("Identity
   * Pool does not exist") until one exists, so the binding waits for it (issue 15, item 3).
   */
  identityPool: pulumi.Resource;
  /** Project id (Workload Identity pool `<project>.svc.id.goog`). */
  project: pulumi.Input<string>;
  /** Data bucket the combiner reads LC/ from and writes MLC/ to. */
  bucketName: pulumi.Input<string>;
  /** Image reference with digest (CombinerImage.repoDigest). */
  image: pulumi.Input<string>;
  /** HPA floor, or the fixed replica count when `autoscale` is false. */
  replicas: number;
  /** HPA ceiling. */
  maxReplicas: number;
  /** Average CPU utilisation the HPA aims at, percent of the request. @default 70 */
  targetCpuPercent?: number;
  /** Let an HPA own the replica count. @default true */
  autoscale?: boolean;
  /** Namespace created for the workload. @default "piaa" */
  namespace?: string;
  /** `app` and `env` labels. */
  labels: ResourceLabels;
}

/** Bearer token length: 48 alphanumerics ≈ 285 bits. */
const TOKEN_LENGTH = 48;
/** Object create/read/update/delete and list on one bucket, nothing on the bucket itself. */
export const BUCKET_OBJECT_ROLE = "roles/storage.objectUser";

/** Workload Identity member of a Kubernetes service account. Pure. */
export function workloadIdentityMember(project: string, namespace: string, ksa: string): string {
  return `serviceAccount:${project}.svc.id.goog[${namespace}/${ksa}]`;
}

export class Combiner extends pulumi.ComponentResource {
  readonly deployment: k8s.apps.v1.Deployment;
  /** What an HPA scales (CombinerAutoscaler). */
  readonly workload: CombinerWorkload;
  readonly service: k8s.core.v1.Service;
  readonly googleServiceAccount: serviceaccount.Account;
  /** Bearer token (secret) the proxy must send. */
  readonly token: pulumi.Output<string>;
  /** Internal load-balancer IP of the Service. */
  readonly serviceAddress: pulumi.Output<string>;
  /** `http://<internal IP>` — what the proxy forwards to. */
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: CombinerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("piaa:combiner:Combiner", name, {}, opts);
    const parent = { parent: this };
    const k8sOpts = { parent: this, provider: args.provider };
    const namespace = args.namespace ?? "piaa";
    const ksaName = name;

    this.googleServiceAccount = new serviceaccount.Account(
      `${name}-gsa`,
      { accountId: serviceAccountId(`${name}-${args.labels.env}`), displayName: "PIAA combiner (objects of the data bucket only)" },
      parent,
    );
    new storage.BucketIAMMember(
      `${name}-bucket-objects`,
      { bucket: args.bucketName, role: BUCKET_OBJECT_ROLE, member: this.googleServiceAccount.email.apply(serviceAccountMember) },
      parent,
    );
    const workloadIdentity = new serviceaccount.IAMMember(
      `${name}-workload-identity`,
      {
        serviceAccountId: this.googleServiceAccount.name,
        role: "roles/iam.workloadIdentityUser",
        member: pulumi.output(args.project).apply((project) => workloadIdentityMember(project, namespace, ksaName)),
      },
      { parent: this, dependsOn: [args.identityPool] },
    );

    const token = new random.RandomPassword(`${name}-token`, { length: TOKEN_LENGTH, special: false }, parent);
    this.token = pulumi.secret(token.result);

    const ns = new k8s.core.v1.Namespace(`${name}-namespace`, { metadata: { name: namespace } }, k8sOpts);
    const inNamespace = { ...k8sOpts, dependsOn: [ns] };
    const ksa = new k8s.core.v1.ServiceAccount(
      `${name}-ksa`,
      {
        metadata: {
          name: ksaName,
          namespace,
          annotations: { "iam.gke.io/gcp-service-account": this.googleServiceAccount.email },
        },
      },
      { ...inNamespace, dependsOn: [ns, workloadIdentity] },
    );
    const secret = new k8s.core.v1.Secret(
      `${name}-token-secret`,
      { metadata: { name: `${name}-token`, namespace }, type: "Opaque", stringData: { token: this.token } },
      inNamespace,
    );

    const workload: CombinerWorkload = {
      name,
      namespace,
      image: args.image,
      serviceAccountName: ksaName,
      tokenSecretName: `${name}-token`,
      bucketUrl: pulumi.interpolate`gs://${args.bucketName}`,
      replicas: args.replicas,
      maxReplicas: args.maxReplicas,
      autoscale: args.autoscale ?? true,
      targetCpuPercent: args.targetCpuPercent ?? 70,
    };
    this.deployment = new k8s.apps.v1.Deployment(`${name}-deployment`, combinerDeployment(workload), {
      ...inNamespace,
      dependsOn: [ns, ksa, secret],
    });
    // With autoscale on, the HPA is CombinerAutoscaler's: it needs the push subscription, made later.
    this.workload = workload;
    new k8s.policy.v1.PodDisruptionBudget(`${name}-pdb`, combinerPodDisruptionBudget(workload), inNamespace);
    this.service = new k8s.core.v1.Service(`${name}-service`, combinerService(workload), inNamespace);

    this.serviceAddress = this.service.status.apply((status) => status?.loadBalancer?.ingress?.[0]?.ip ?? "");
    this.url = pulumi.interpolate`http://${this.serviceAddress}`;
    this.registerOutputs({ serviceAddress: this.serviceAddress, url: this.url, token: this.token });
  }
}
