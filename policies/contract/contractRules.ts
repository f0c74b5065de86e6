/** The rule table of the cloud contract (./cloudContract.ts), one entry per rule with its source. */
import type { ContractResource, ContractRule, RuleFinding } from "./cloudContract.js";
import { requiredApis } from "./requiredApis.js";
import { unsupportedRuntime } from "./supportedRuntimes.js";

const APP_VERSION = "gcp:appengine/standardAppVersion:StandardAppVersion";
const SERVICE = "gcp:projects/service:Service";
const SERVICE_IDENTITY = "gcp:projects/serviceIdentity:ServiceIdentity";
const PUBLIC_PRINCIPALS = new Set(["allUsers", "allAuthenticatedUsers"]);

const at = (r: ContractResource, message: string): RuleFinding => ({ resource: r.name, message });
const ofType = (resources: ContractResource[], type: string) => resources.filter((r) => r.type === type);
const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** Every string inside a value, with its dotted path. */
function strings(value: unknown, path = ""): [string, string][] {
  if (typeof value === "string") return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => strings(v, path === "" ? k : `${path}.${k}`));
  }
  return [];
}

/** IAM members a resource grants (`member`, `members`). */
function grantedMembers(r: ContractResource): string[] {
  const members = Array.isArray(r.props.members) ? r.props.members : [];
  return [str(r.props.member), ...members.map(str)].filter((m): m is string => m !== undefined);
}

/** `[pattern, what, source]` name rules by type and input. */
const NAME_RULES: [string, string, RegExp, string][] = [
  ["gcp:serviceaccount/account:Account", "accountId", /^[a-z](?:[-a-z0-9]{4,28}[a-z0-9])$/, "IAM serviceAccounts.create accountId"],
  ["gcp:vpcaccess/connector:Connector", "name", /^[a-z][-a-z0-9]{0,23}[a-z0-9]$/, "vpcaccess connectors.create connectorId"],
  ["gcp:storage/bucket:Bucket", "name", /^(?!goog)[a-z0-9][a-z0-9_.-]{1,61}[a-z0-9]$/, "Cloud Storage bucket naming"],
  ["gcp:artifactregistry/repository:Repository", "repositoryId", /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/, "Artifact Registry repository names"],
  ["gcp:secretmanager/secret:Secret", "secretId", /^[A-Za-z0-9_-]{1,255}$/, "Secret Manager secrets.create secretId"],
  [APP_VERSION, "versionId", /^(?!ah-)(?!(?:default|latest)$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, "App Engine versionId (provider docs)"],
  [APP_VERSION, "service", /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, "App Engine service id"],
];

export const CONTRACT_RULES: readonly ContractRule[] = [
  {
    id: "appengine-stable-version-id",
    rule: "Every App Engine version has an explicit versionId that does not change with its content (no hash in it).",
    source:
      "terraform-provider-google resource_app_engine_standard_app_version.go: id and read/delete URLs are apps/{project}/services/{service}/versions/{version_id}, update re-creates the same id; pulumi-gcp issue 718 (a new id gets no traffic)",
    guardrail: false,
    check: ({ resources }) =>
      ofType(resources, APP_VERSION).flatMap((v) => {
        const id = str(v.props.versionId);
        if (id === undefined || id === "") return [at(v, `StandardAppVersion "${v.name}" has no versionId; give it a fixed one.`)];
        return /[0-9a-f]{8,}/.test(id) ? [at(v, `StandardAppVersion "${v.name}" versionId ${id} looks content-derived; a new id per deploy is a replacement that gets no traffic.`)] : [];
      }),
  },
  {
    id: "appengine-supported-runtime",
    rule: "Every App Engine version uses a runtime before its end-of-support date.",
    source: "https://cloud.google.com/appengine/docs/standard/lifecycle/support-schedule#nodejs (policies/contract/supportedRuntimes.ts)",
    guardrail: true,
    check: ({ resources, now }) =>
      ofType(resources, APP_VERSION).flatMap((v) => {
        const problem = unsupportedRuntime(str(v.props.runtime) ?? "(none)", now);
        return problem === undefined ? [] : [at(v, `StandardAppVersion "${v.name}": ${problem}.`)];
      }),
  },
  {
    id: "identities-before-grants",
    rule: "A grant to a service agent or Workload Identity member waits for what makes that identity exist.",
    source:
      "https://cloud.google.com/iam/docs/create-service-agents (agents appear on first use or on generateServiceIdentity); https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity (the pool exists with the first Workload Identity cluster)",
    guardrail: false,
    check: ({ resources }, closure) =>
      resources.flatMap((r) =>
        grantedMembers(r).flatMap((member) => {
          const waits = closure(r.name);
          const agent = /@gcp-sa-([a-z0-9-]+)\.iam\.gserviceaccount\.com$/.exec(member);
          if (agent && !waits.some((d) => d.type === SERVICE_IDENTITY && str(d.props.service)?.split(".")[0] === agent[1])) {
            return [at(r, `"${r.name}" grants to the ${agent[1]} service agent before a ServiceIdentity for ${agent[1]}.googleapis.com creates it.`)];
          }
          const appAgent = member.endsWith("@gcp-gae-service.iam.gserviceaccount.com");
          const application = ofType(resources, "gcp:appengine/application:Application");
          if (appAgent && application.length > 0 && !waits.some((d) => application.includes(d))) {
            return [at(r, `"${r.name}" grants to App Engine's service agent before the Application that creates it.`)];
          }
          if (member.includes(".svc.id.goog[") && !waits.some((d) => d.type === "gcp:container/cluster:Cluster" && d.props.workloadIdentityConfig !== undefined)) {
            return [at(r, `"${r.name}" grants to Workload Identity member ${member} before any Workload Identity cluster exists.`)];
          }
          const created = resources.find((a) => a.type === "gcp:serviceaccount/account:Account" && member.startsWith(`serviceAccount:${str(a.props.accountId)}@`));
          if (created && !waits.includes(created)) return [at(r, `"${r.name}" grants to ${member} before the account "${created.name}" is created.`)];
          return [];
        }),
      ),
  },
  {
    id: "apis-enabled-first",
    rule: "Every GCP resource waits for the projects.Service enabling the API it is created through.",
    source: "https://cloud.google.com/service-usage/docs/enable-disable (calls to a disabled API fail with SERVICE_DISABLED); policies/contract/requiredApis.ts",
    guardrail: false,
    check: ({ resources }, closure) =>
      resources.flatMap((r) =>
        requiredApis(r.type)
          .filter((api) => !closure(r.name).some((d) => d.type === SERVICE && d.props.service === api))
          .map((api) => at(r, `${r.type.split(":").pop()} "${r.name}" does not wait for ${api} to be enabled.`)),
      ),
  },
  {
    id: "names-fit",
    rule: "Names fit their service's length and character rules.",
    source: "IAM, Serverless VPC Access, Cloud Storage, Artifact Registry, Secret Manager and App Engine API references (patterns in contractRules.ts NAME_RULES)",
    guardrail: true,
    check: ({ resources }) =>
      NAME_RULES.flatMap(([type, input, pattern, source]) =>
        ofType(resources, type).flatMap((r) => {
          const value = str(r.props[input]);
          return value === undefined || pattern.test(value) ? [] : [at(r, `${type.split(":").pop()} "${r.name}" ${input} ${JSON.stringify(value)} breaks ${source} (${pattern}).`)];
        }),
      ),
  },
  {
    id: "no-plaintext-secrets",
    rule: "No secret in an App Engine environment variable or a stack output; secrets are Secret Manager references.",
    source:
      "https://cloud.google.com/appengine/docs/standard/reference/app-yaml#runtime_and_app_elements (env_variables are part of the version's configuration, readable with appengine.versions.get); https://cloud.google.com/secret-manager/docs/best-practices",
    guardrail: true,
    check: ({ resources, outputs = {} }) => [
      ...ofType(resources, APP_VERSION).flatMap((v) =>
        Object.entries((v.props.envVariables ?? {}) as Record<string, unknown>)
          .filter(([key, value]) => value === "[secret]" || (/(TOKEN|PASSWORD|KEY|SECRET)$/.test(key) && !/^projects\/[^/]+\/secrets\/[^/]+\/versions\/[^/]+$/.test(String(value))))
          .map(([key]) => at(v, `StandardAppVersion "${v.name}" holds ${key} in clear; store it in Secret Manager and pass the version's name.`)),
      ),
      ...Object.entries(outputs)
        .filter(([key, value]) => /token|password|secret|key$/i.test(key) && !/^projects\/[^/]+\/secrets\//.test(String(value)))
        .map(([key]) => ({ resource: null, message: `Stack output ${key} carries a secret value; export its Secret Manager name instead.` })),
    ],
  },
  {
    id: "no-public-principals",
    rule: "No resource grants anything to allUsers or allAuthenticatedUsers.",
    source: "https://cloud.google.com/iam/docs/principal-identifiers (allUsers: anyone on the internet; allAuthenticatedUsers: any Google account)",
    guardrail: true,
    check: ({ resources }) =>
      resources.flatMap((r) =>
        strings(r.props)
          .filter(([, value]) => PUBLIC_PRINCIPALS.has(value.replace(/^[a-z]+:/, "")) || [...PUBLIC_PRINCIPALS].some((p) => value.includes(`"${p}"`)))
          .map(([path, value]) => at(r, `${r.type.split(":").pop()} "${r.name}" grants to public principal ${value} (${path}); grant to named principals only.`)),
      ),
  },
  {
    id: "versioned-bucket-archive-events",
    rule: "A notification on a versioned bucket subscribes to OBJECT_ARCHIVE (deletes and overwrites there are archive events).",
    source: "https://cloud.google.com/storage/docs/pubsub-notifications#events (OBJECT_ARCHIVE: the live version became noncurrent; OBJECT_DELETE is not sent then)",
    guardrail: true,
    check: ({ resources }) => {
      const versioned = new Set(
        ofType(resources, "gcp:storage/bucket:Bucket")
          .filter((b) => (b.props.versioning as { enabled?: boolean } | undefined)?.enabled === true)
          .map((b) => str(b.props.name)),
      );
      return ofType(resources, "gcp:storage/notification:Notification").flatMap((n) => {
        const types = Array.isArray(n.props.eventTypes) ? n.props.eventTypes : [];
        if (!versioned.has(str(n.props.bucket)) || types.length === 0 || types.includes("OBJECT_ARCHIVE")) return [];
        return [at(n, `Notification "${n.name}" on versioned bucket ${String(n.props.bucket)} omits OBJECT_ARCHIVE; deletes would never be announced.`)];
      });
    },
  },
];
