/**
 * Which Google API each resource type needs enabled before it can be created. A resource made
 * while its API is off fails with SERVICE_DISABLED ("... API has not been used in project ... or
 * it is disabled"), so on a fresh project the program enables these first (infra/components/
 * projectApis.ts) and the contract check (./cloudContract.ts) verifies the ordering in the plan.
 *
 * Sources: each resource's "API documentation" link in the @pulumi/gcp 9.37 type definitions
 * (node_modules/@pulumi/gcp/<module>/<resource>.d.ts), which names the REST service it calls.
 */

/** Pulumi type-token module (`gcp:<module>/...`) → the service name `serviceusage` enables. */
export const API_OF_MODULE: Readonly<Record<string, string>> = {
  // compute/v1 networks, subnetworks
  compute: "compute.googleapis.com",
  // container/v1 projects.locations.clusters(.nodePools)
  container: "container.googleapis.com",
  // appengine/v1 apps, apps.services.versions
  appengine: "appengine.googleapis.com",
  // artifactregistry/v1 projects.locations.repositories
  artifactregistry: "artifactregistry.googleapis.com",
  // pubsub/v1 topics, subscriptions
  pubsub: "pubsub.googleapis.com",
  // storage/v1 buckets, objects, notificationConfigs
  storage: "storage.googleapis.com",
  // vpcaccess/v1 projects.locations.connectors
  vpcaccess: "vpcaccess.googleapis.com",
  // secretmanager/v1 projects.secrets(.versions)
  secretmanager: "secretmanager.googleapis.com",
  // iam/v1 projects.serviceAccounts
  serviceaccount: "iam.googleapis.com",
  // iap/v1 IAM policies of App Engine services
  iap: "iap.googleapis.com",
  // cloudresourcemanager/v1 projects.setIamPolicy (projects.IAMMember)
  projects: "cloudresourcemanager.googleapis.com",
};

/**
 * APIs needed by what the program does rather than by one resource type: App Engine standard
 * builds every deployed version with Cloud Build (https://cloud.google.com/appengine/docs/standard/
 * nodejs/building-app#deploying_your_web_service: "enable the Cloud Build API").
 */
export const BUILD_APIS = ["cloudbuild.googleapis.com"] as const;

const STANDARD_APP_VERSION = "gcp:appengine/standardAppVersion:StandardAppVersion";

/** The APIs a GCP resource type needs: none for non-GCP types and for `projects:Service` itself. */
export function requiredApis(type: string): string[] {
  if (type === "gcp:projects/service:Service") return [];
  const match = /^gcp:([a-z0-9]+)\//.exec(type);
  const api = match ? API_OF_MODULE[match[1]!] : undefined;
  if (api === undefined) return [];
  return type === STANDARD_APP_VERSION ? [api, ...BUILD_APIS] : [api];
}

/** Every API the program enables: one per module, plus the build APIs. */
export function allRequiredApis(): string[] {
  return [...new Set([...Object.values(API_OF_MODULE), ...BUILD_APIS])].sort();
}
