/**
 * NotificationProxy: the proxy as an App Engine standard version (design §5, §6). The esbuild
 * bundle is uploaded as a zip to a private deploy bucket, named by its content hash. The version
 * runs as its own service account, reads its tokens from Secret Manager (ProxySecrets), reaches
 * the combiner's internal load balancer through a Serverless VPC Access connector and, when
 * viewers are configured, serves the dashboard behind IAP (DashboardAccess).
 *
 * Versions (issue 15, items 1 and 10): the version id is fixed per stack, so a changed bundle
 * updates that version in place (the provider's update re-creates the version under the same
 * id) and the traffic split pinned to it keeps serving the new code; no old version is left
 * serving or undeletable. On destroy, a stack that owns `default` leaves its version (App Engine
 * never deletes the default service, nor the version serving it); any other service is deleted
 * with its version. The Application is once per project and cannot be deleted: it is retained.
 */
import * as pulumi from "@pulumi/pulumi";
import { appengine, organizations, serviceaccount, storage, vpcaccess } from "@pulumi/gcp";
import * as random from "@pulumi/random";
import { PROXY_NODE_MAJOR } from "../bundle/bundleService.js";
import { appEngineIapAudience, DashboardAccess } from "./dashboardAccess.js";
import { ProxySecrets } from "./proxySecrets.js";
import {
  appEngineLocation,
  appEngineVersionId,
  appEngineServiceUrl,
  connectorName,
  serviceAccountId,
  serviceAccountMember,
  serviceAgentMember,
  type ResourceLabels,
} from "./naming.js";

export interface NotificationProxyArgs {
  /** Project id (default host name `<project>.appspot.com`). */
  project: pulumi.Input<string>;
  /** Region of the connector and deploy bucket; the App Engine location is derived from it. */
  region: string;
  /** Data bucket the dashboard reads (read-only). */
  bucketName: pulumi.Input<string>;
  /** Directory holding the bundled proxy (main.mjs, its worker threads' bundles beside it, package.json). */
  sourceDir: string;
  /** Content hash of the bundle, hex. */
  sourceHash: string;
  /** Combiner base URL (`http://<internal IP>`). */
  combinerUrl: pulumi.Input<string>;
  /** Bearer token shared with the combiner (secret). */
  combinerToken: pulumi.Input<string>;
  /** `aud` the push subscription's OIDC tokens carry. */
  pushAudience: pulumi.Input<string>;
  /** E-mail of the service account the push subscription signs its OIDC tokens as. */
  pushServiceAccount: pulumi.Input<string>;
  /** VPC network (id or self link) the connector attaches to: the cluster's network. */
  network: pulumi.Input<string>;
  /** /28 range of the connector, unused elsewhere in the network. @default "10.8.0.0/28" */
  connectorRange?: string;
  /** App Engine service id; the first service of an application must be "default". @default "default" */
  service?: string;
  /** Instances kept warm. @default 0 */
  minInstances?: number;
  /** Instance ceiling. @default 2 */
  maxInstances?: number;
  /** Create the App Engine Application (set false when the project already has one). @default true */
  createApplication?: boolean;
  /** Host name of an existing application. @default "<project>.appspot.com" */
  hostname?: string;
  /** Principals allowed to open the dashboard through IAP; empty: no dashboard in the cloud. @default [] */
  dashboardViewers?: string[];
  /** Further principals IAP must let through (the push invoker). @default [] */
  iapMembers?: pulumi.Input<string>[];
  /** IAP's OAuth client (required with viewers). */
  iapOauthClient?: { id: string; secret: pulumi.Input<string> };
  /** `app` and `env` labels. */
  labels: ResourceLabels;
}

/**
 * App Engine standard runtime of the bundle. nodejs20 reached end of support on 2026-04-30
 * (https://cloud.google.com/appengine/docs/standard/lifecycle/support-schedule#nodejs); nodejs24
 * is the latest GA Node.js runtime (https://cloud.google.com/appengine/docs/standard/nodejs/runtime).
 * runtime/Dockerfile uses the same major; policies/contract/supportedRuntimes.ts has the dates.
 */
export const PROXY_RUNTIME = `nodejs${PROXY_NODE_MAJOR}`;
export const PROXY_ENTRYPOINT = "node main.mjs";

/** Public URL of an object, the form App Engine's `deployment.zip.sourceUrl` takes. Pure. */
export function storageObjectUrl(bucket: string, object: string): string {
  return `https://storage.googleapis.com/${bucket}/${object}`;
}

export class NotificationProxy extends pulumi.ComponentResource {
  readonly version: appengine.StandardAppVersion;
  readonly serviceAccount: serviceaccount.Account;
  /** Base URL of the proxy service. */
  readonly url: pulumi.Output<string>;
  /** Secret Manager version holding the channel token for the legacy `gsutil notification watchbucket -t`. */
  readonly ocnChannelTokenSecret: pulumi.Output<string>;

  constructor(name: string, args: NotificationProxyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("piaa:proxy:NotificationProxy", name, {}, opts);
    const parent = { parent: this };
    const service = args.service ?? "default";
    const projectNumber = organizations.getProjectOutput({}, parent).number;
    const viewers = args.dashboardViewers ?? [];
    const dashboardOn = viewers.length > 0;

    const application =
      args.createApplication === false
        ? undefined
        : new appengine.Application(
            `${name}-app`,
            {
              project: args.project,
              locationId: appEngineLocation(args.region),
              ...(dashboardOn && args.iapOauthClient
                ? { iap: { enabled: true, oauth2ClientId: args.iapOauthClient.id, oauth2ClientSecret: args.iapOauthClient.secret } }
                : {}),
            },
            { parent: this, retainOnDelete: true },
          );
    const hostname = application?.defaultHostname ?? pulumi.output(args.hostname ?? pulumi.interpolate`${args.project}.appspot.com`);
    this.url = hostname.apply((host) => appEngineServiceUrl(host, service));

    this.serviceAccount = new serviceaccount.Account(
      `${name}-sa`,
      { accountId: serviceAccountId(`${name}-${args.labels.env}`), displayName: "PIAA notification proxy (reads the data bucket)" },
      parent,
    );
    new storage.BucketIAMMember(
      `${name}-bucket-reader`,
      { bucket: args.bucketName, role: "roles/storage.objectViewer", member: this.serviceAccount.email.apply(serviceAccountMember) },
      parent,
    );

    const deployBucket = new storage.Bucket(
      `${name}-deploy`,
      {
        location: args.region,
        uniformBucketLevelAccess: true,
        publicAccessPrevention: "enforced",
        forceDestroy: true,
        labels: args.labels,
      },
      parent,
    );
    // The source zip is read when App Engine stages the version (by its service agent) and when
    // the build runs as the version's own service account (the provider's documented example
    // grants it object read): both get read access to this bucket only.
    const sourceReaders = [
      { suffix: "deploy-reader", member: projectNumber.apply((number) => serviceAgentMember(number, "gcp-gae-service")) },
      { suffix: "deploy-reader-sa", member: this.serviceAccount.email.apply(serviceAccountMember) },
    ].map(
      ({ suffix, member }) =>
        // App Engine's service agent exists once the Application does (item 9).
        new storage.BucketIAMMember(`${name}-${suffix}`, { bucket: deployBucket.name, role: "roles/storage.objectViewer", member }, {
          parent: this,
          dependsOn: application ? [application] : [],
        }),
    );
    const source = new storage.BucketObject(
      `${name}-source`,
      {
        bucket: deployBucket.name,
        name: `proxy-${args.sourceHash.slice(0, 16)}.zip`,
        source: new pulumi.asset.FileArchive(args.sourceDir),
      },
      parent,
    );

    const connector = new vpcaccess.Connector(
      `${name}-connector`,
      {
        name: connectorName(`${name}-${args.labels.env}`),
        region: args.region,
        network: args.network,
        ipCidrRange: args.connectorRange ?? "10.8.0.0/28",
        minInstances: 2,
        maxInstances: 3,
        machineType: "e2-micro",
      },
      parent,
    );

    const ocnChannelToken = new random.RandomPassword(`${name}-ocn-token`, { length: 40, special: false }, parent);
    const secrets = new ProxySecrets(
      `${name}-secrets`,
      {
        values: { PIAA_COMBINER_TOKEN: args.combinerToken, PIAA_OCN_CHANNEL_TOKEN: ocnChannelToken.result },
        accessorEmail: this.serviceAccount.email,
        labels: args.labels,
      },
      parent,
    );
    this.ocnChannelTokenSecret = secrets.references.PIAA_OCN_CHANNEL_TOKEN_SECRET!;
    const dashboardEnv: Record<string, pulumi.Input<string>> = dashboardOn
      ? {
          PIAA_BUCKET: pulumi.interpolate`gs://${args.bucketName}`,
          PIAA_DASHBOARD_IAP_AUDIENCE: pulumi.all([projectNumber, args.project]).apply(([number, project]) => appEngineIapAudience(number, project)),
        }
      : {};
    const versionId = appEngineVersionId(`piaa-${args.labels.env}`);
    const ownsDefault = service === "default";
    this.version = new appengine.StandardAppVersion(
      `${name}-version`,
      {
        service,
        versionId,
        runtime: PROXY_RUNTIME,
        entrypoint: { shell: PROXY_ENTRYPOINT },
        deployment: { zip: { sourceUrl: pulumi.all([source.bucket, source.name]).apply(([b, o]) => storageObjectUrl(b, o)) } },
        envVariables: {
          PIAA_COMBINER_URL: args.combinerUrl,
          PIAA_PUSH_AUDIENCE: args.pushAudience,
          PIAA_PUSH_SERVICE_ACCOUNT: args.pushServiceAccount,
          ...secrets.references,
          ...dashboardEnv,
          LOG_LEVEL: "info",
        },
        automaticScaling: {
          standardSchedulerSettings: { minInstances: args.minInstances ?? 0, maxInstances: args.maxInstances ?? 2, targetCpuUtilization: 0.65 },
        },
        instanceClass: "F2",
        serviceAccount: this.serviceAccount.email,
        vpcAccessConnector: { name: connector.id, egressSetting: "PRIVATE_IP_RANGES" },
        // `default` cannot be deleted, nor the version serving it: leave it (README, Deploying).
        noopOnDestroy: ownsDefault,
        // A service of this stack's own goes with it, versions included.
        deleteServiceOnDestroy: !ownsDefault,
      },
      { parent: this, dependsOn: [...sourceReaders, ...(application ? [application] : [])] },
    );
    // All traffic to this stack's version, also when the service already served another one.
    // Deleting it is a no-op in the provider (resource_app_engine_service_split_traffic.go:
    // "cannot be deleted from Google Cloud"), so destroy only ever deletes the version or service.
    new appengine.EngineSplitTraffic(
      `${name}-traffic`,
      { service, migrateTraffic: false, split: { allocations: pulumi.output(this.version.versionId).apply((id) => ({ [id ?? versionId]: "1" })) } },
      { parent: this, dependsOn: [this.version] },
    );
    if (dashboardOn) {
      new DashboardAccess(`${name}-iap`, { project: args.project, service, members: [...viewers, ...(args.iapMembers ?? [])] }, { parent: this, dependsOn: application ? [application] : [] });
    }

    this.registerOutputs({ url: this.url, serviceAccountEmail: this.serviceAccount.email, ocnChannelTokenSecret: this.ocnChannelTokenSecret });
  }
}
