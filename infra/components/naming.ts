/**
 * Pure helpers for the names GCP imposes limits on. Each takes the component name Pulumi gives
 * the resource and derives a physical name that fits the service's rules, so two stacks in one
 * project never collide and no name is rejected at `pulumi up` time.
 */
import { createHash } from "node:crypto";

/** Labels every GCP resource of the program carries (checked by the policy pack). */
export interface ResourceLabels {
  app: string;
  env: string;
  [key: string]: string;
}

/** Lowercase letters, digits and hyphens, starting with a letter, within `maxLength`. */
function shortName(text: string, maxLength: number): string {
  const cleaned = text.toLowerCase().replace(/[^a-z0-9-]/g, "-").replace(/-+/g, "-").replace(/^[^a-z]+/, "");
  if (cleaned.length <= maxLength) return cleaned.replace(/-$/, "") || "x";
  // Too long: keep a readable prefix and make it unique again with a short hash of the whole.
  const hash = createHash("sha256").update(text).digest("hex").slice(0, 6);
  return `${cleaned.slice(0, maxLength - 7).replace(/-$/, "")}-${hash}`;
}

/** Service-account id: 6–30 characters, `[a-z][a-z0-9-]*[a-z0-9]` (IAM rule). */
export function serviceAccountId(name: string): string {
  return shortName(name, 30).padEnd(6, "0");
}

/** E-mail address of a service account created with `accountId` in `project`. */
export function serviceAccountEmail(accountId: string, project: string): string {
  return `${accountId}@${project}.iam.gserviceaccount.com`;
}

/** Serverless VPC Access connector name: at most 25 characters (`^[a-z][-a-z0-9]{0,23}[a-z0-9]$`). */
export function connectorName(name: string): string {
  return shortName(name, 25);
}

/** IAM member string for a service account. */
export function serviceAccountMember(email: string): string {
  return `serviceAccount:${email}`;
}

/** IAM member of a Google-managed service agent, e.g. `gcp-sa-pubsub` for Pub/Sub. */
export function serviceAgentMember(projectNumber: string, agent: string): string {
  return serviceAccountMember(`service-${projectNumber}@${agent}.iam.gserviceaccount.com`);
}

/**
 * App Engine location id of a region: App Engine names two of its regions without the trailing
 * 1 (us-central1 → us-central, europe-west1 → europe-west); every other region keeps its name.
 */
export function appEngineLocation(region: string): string {
  const renamed: Record<string, string> = { "us-central1": "us-central", "europe-west1": "europe-west" };
  return renamed[region] ?? region;
}

/**
 * Base URL of an App Engine service: the default service answers on the application's host
 * name, any other on `<service>-dot-<host>`.
 */
export function appEngineServiceUrl(hostname: string, service: string): string {
  return service === "default" ? `https://${hostname}` : `https://${service}-dot-${hostname}`;
}

/**
 * App Engine version id: lowercase letters, digits and hyphens, at most 63 characters, not
 * `default` or `latest` and not starting with `ah-` (the provider's versionId documentation,
 * @pulumi/gcp appengine/standardAppVersion.d.ts). The program keeps it fixed per stack so each
 * deploy redeploys the same version (the provider's update is a create with the same id).
 */
export function appEngineVersionId(name: string): string {
  const id = shortName(name, 63);
  return id === "default" || id === "latest" || id.startsWith("ah-") ? `v-${id}`.slice(0, 63) : id;
}

/** Secret Manager secret id: letters, digits, `-` and `_`, at most 255 characters. */
export function secretId(name: string): string {
  return shortName(name, 255);
}
