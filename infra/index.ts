/**
 * The Pulumi program (design §2, §6): one `pulumi up` per stack brings up or resizes the whole
 * pipeline, on a fresh project too. Reads the validated config, enables the APIs (every later
 * GCP resource waits for its own), composes the components in dependency order — the proxy
 * needs the combiner's address, the notifications need the proxy's URL — and exports what
 * operators and scripts need. A new workload is one more component block and its exports.
 */
import { rmSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { buildProxyBundle } from "./bundle/bundleService.js";
import { Analyzer } from "./components/analyzer.js";
import { Cluster } from "./components/cluster.js";
import { CombinerAutoscaler } from "./components/combinerAutoscaler.js";
import { Combiner } from "./components/combiner.js";
import { CombinerImage } from "./components/combinerImage.js";
import { DataBucket } from "./components/dataBucket.js";
import { serviceaccount } from "@pulumi/gcp";
import { serviceAccountId, serviceAccountMember } from "./components/naming.js";
import { NotificationProxy } from "./components/notificationProxy.js";
import { ObjectNotifications } from "./components/objectNotifications.js";
import { ProjectApis } from "./components/projectApis.js";
import { readDashboardOauthSecret, readInfraConfig } from "./config.js";

const config = readInfraConfig();
const labels = config.labels;

const apis = new ProjectApis("apis", { project: config.project });
apis.orderAfterApis();

const data = new DataBucket("data", {
  bucketName: config.bucketName,
  location: config.region,
  forceDestroy: config.forceDestroyBucket,
  labels,
});

const cluster = new Cluster("gke", {
  project: config.project,
  region: config.region,
  location: config.cluster.location,
  machineType: config.cluster.machineType,
  minNodes: config.cluster.minNodes,
  maxNodes: config.cluster.maxNodes,
  privateNodes: config.cluster.privateNodes,
  spotNodes: config.cluster.spotNodes,
  releaseChannel: config.cluster.releaseChannel,
  deletionProtection: config.cluster.deletionProtection,
  zones: config.cluster.zones,
  authorizedNetworks: config.cluster.authorizedNetworks,
  labels,
});

const image = new CombinerImage("image", {
  project: config.project,
  region: config.region,
  context: ".",
  readers: [cluster.nodeServiceAccount.email.apply(serviceAccountMember)],
  labels,
});

const combiner = new Combiner("combiner", {
  provider: cluster.provider,
  identityPool: cluster.cluster,
  project: config.project,
  bucketName: data.bucketName,
  image: image.repoDigest,
  replicas: config.combiner.replicas,
  maxReplicas: config.combiner.maxReplicas,
  targetCpuPercent: config.combiner.targetCpuPercent,
  autoscale: config.combiner.autoscale,
  labels,
});

new Analyzer("analyzer", {
  provider: cluster.provider,
  identityPool: cluster.cluster,
  project: config.project,
  bucketName: data.bucketName,
  image: image.repoDigest,
  replicas: config.analyzer.replicas,
  maxReplicas: config.analyzer.maxReplicas,
  dependsOn: [combiner],
  labels,
});

// The push invoker exists before the proxy, which is told to trust it (and IAP to admit it),
// and before the subscription, which needs the proxy's URL.
const invoker = new serviceaccount.Account("events-invoker", {
  accountId: serviceAccountId(`push-invoker-${labels.env}`),
  displayName: "PIAA Pub/Sub push invoker (OIDC tokens for the proxy)",
});
const pushServiceAccount = invoker.email;
const dashboardOn = config.dashboard.viewers.length > 0;
// Behind IAP, Pub/Sub's OIDC token must carry IAP's OAuth client id as audience to get through.
const pushAudience = dashboardOn ? config.dashboard.oauthClientId! : `piaa-${labels.env}-push`;
const bundleDir = await mkdtemp(path.join(os.tmpdir(), "piaa-proxy-"));
// The archive is read while the program's resources are created; it is not needed afterwards.
process.once("exit", () => rmSync(bundleDir, { recursive: true, force: true }));
const bundle = await buildProxyBundle(bundleDir);

const proxy = new NotificationProxy("proxy", {
  project: config.project,
  region: config.region,
  bucketName: data.bucketName,
  sourceDir: bundle.dir,
  sourceHash: bundle.sha256,
  combinerUrl: combiner.url,
  combinerToken: combiner.token,
  pushAudience,
  pushServiceAccount,
  network: cluster.network.id,
  service: config.proxy.service,
  minInstances: config.proxy.minInstances,
  maxInstances: config.proxy.maxInstances,
  createApplication: config.proxy.createApplication,
  hostname: config.proxy.hostname,
  dashboardViewers: config.dashboard.viewers,
  iapMembers: [invoker.email.apply(serviceAccountMember)],
  ...(dashboardOn ? { iapOauthClient: { id: config.dashboard.oauthClientId!, secret: readDashboardOauthSecret() } } : {}),
  labels,
});

const events = new ObjectNotifications("events", {
  bucketName: data.bucketName,
  pushEndpoint: proxy.url.apply((url) => `${url}/pubsub/push`),
  audience: pushAudience,
  invoker,
  deliverAfter: [proxy],
  labels,
});

const autoscaler = config.combiner.autoscale
  ? new CombinerAutoscaler("combiner-autoscaler", {
      provider: cluster.provider,
      identityPool: cluster.cluster,
      project: config.project,
      workload: combiner.workload,
      combiner,
      subscriptionId: events.subscription.name,
      messagesPerReplica: config.combiner.backlogPerReplica,
      dependsOn: [combiner.deployment],
      labels,
    })
  : undefined;

export const bucketName = data.bucketName;
export const proxyUrl = proxy.url;
export const clusterName = cluster.clusterName;
export const kubeconfig = cluster.kubeconfig;
export const imageDigest = image.repoDigest;
export const combinerAddress = combiner.serviceAddress;
/** Read the token with `gcloud secrets versions access <this>`; the value itself is never an output. */
export const ocnChannelTokenSecret = proxy.ocnChannelTokenSecret;
/** With combiner:backlogPerReplica set: annotate the metrics adapter's Kubernetes service account with it. */
export const metricsAdapterServiceAccount = autoscaler?.adapterServiceAccountEmail;
