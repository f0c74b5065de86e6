/**
 * The only place that reads Pulumi config (design §6). `readInfraConfig()` collects the raw
 * strings; `resolveInfraConfig()` — pure, unit tested — merges them over the stack profile
 * (infra/stacks/) and validates every key and combination, throwing `InfraConfigError` that
 * names the key, the value and the allowed range. In-code defaults matter because Pulumi.yaml
 * defaults only apply under the CLI, not under mocks or the Automation API.
 */
import * as pulumi from "@pulumi/pulumi";
import { checkPoolCapacity } from "./capacity.js";
import { ANALYZER_RESOURCES } from "./components/analyzer.js";
import { COMBINER_RESOURCES } from "./components/combinerManifests.js";
import {
  BUCKET_NAME,
  CIDR_BLOCK,
  IAM_PRINCIPAL,
  HOSTNAME,
  invalidConfig,
  MACHINE_TYPE,
  PROJECT_ID,
  REGION,
  SERVICE_ID,
  booleanValue,
  choiceValue,
  integerValue,
  patternValue,
} from "./configValues.js";
import { dev } from "./stacks/dev.js";
import { prod } from "./stacks/prod.js";
import type { StackProfile } from "./stacks/profile.js";

export { InfraConfigError } from "./configValues.js";

export const PROFILES: Readonly<Record<string, StackProfile>> = { dev, prod };

/** Every key the program reads, `namespace:name`. */
export const CONFIG_KEYS = [
  "gcp:project",
  "gcp:region",
  "piaa:profile",
  "piaa:bucketName",
  "piaa:forceDestroyBucket",
  "cluster:regional",
  "cluster:privateNodes",
  "cluster:spotNodes",
  "cluster:minNodes",
  "cluster:maxNodes",
  "cluster:machineType",
  "cluster:releaseChannel",
  "cluster:deletionProtection",
  "cluster:authorizedNetworks",
  "combiner:replicas",
  "combiner:maxReplicas",
  "combiner:targetCpuPercent",
  "combiner:autoscale",
  "combiner:backlogPerReplica",
  "analyzer:replicas",
  "analyzer:maxReplicas",
  "proxy:minInstances",
  "proxy:maxInstances",
  "proxy:createApplication",
  "proxy:service",
  "proxy:hostname",
  "dashboard:viewers",
  "dashboard:oauthClientId",
] as const;

/** Secret keys, read with getSecret (never in RawConfig, never logged). */
export const SECRET_CONFIG_KEYS = ["dashboard:oauthClientSecret"] as const;

export type ConfigKey = (typeof CONFIG_KEYS)[number];
export type RawConfig = Readonly<Partial<Record<string, string>>>;

export interface InfraConfig {
  stack: string;
  project: string;
  region: string;
  /** `app` and `env` labels put on every GCP resource that takes labels. */
  labels: { app: string; env: string };
  bucketName: string;
  forceDestroyBucket: boolean;
  cluster: Pick<StackProfile, "privateNodes" | "spotNodes" | "minNodes" | "maxNodes" | "machineType" | "releaseChannel" | "deletionProtection"> & {
    /** Region (regional cluster) or zone (zonal cluster). */
    location: string;
    /** Zones the node pool spans: 3 for a regional cluster, 1 for a zonal one. */
    zones: number;
    /** CIDR blocks allowed to reach the control plane's IP endpoint (the DNS endpoint is IAM-checked). */
    authorizedNetworks: string[];
  };
  combiner: {
    replicas: number;
    maxReplicas: number;
    targetCpuPercent: number;
    autoscale: boolean;
    /**
     * Undelivered push notifications per replica the HPA aims at, next to CPU; 0: CPU only. Off by
     * default: the metric reaches the HPA only through the Custom Metrics Stackdriver Adapter, which
     * the stack does not install, and while a metric is unavailable the HPA never scales down.
     */
    backlogPerReplica: number;
  };
  /** The analyzer's HPA floor and ceiling. */
  analyzer: { replicas: number; maxReplicas: number };
  proxy: {
    minInstances: number;
    maxInstances: number;
    createApplication: boolean;
    service: string;
    /** Host name of an existing App Engine application; unset means `<project>.appspot.com`. */
    hostname: string | undefined;
  };
  /** Who may open the dashboard through IAP; empty: the dashboard is not served in the cloud. */
  dashboard: { viewers: string[]; oauthClientId: string | undefined };
}

const MAX_NODES = 100;
const MAX_REPLICAS = 100;
/** The analyzer's HPA floor and ceiling when the stack sets none: one pod idles, four catch up a survey night. */
const DEFAULT_ANALYZER_REPLICAS = 1;
const DEFAULT_ANALYZER_MAX_REPLICAS = 4;
const MAX_PROXY_INSTANCES = 100;
/** Zones of a regional GKE cluster's node pool when node locations are not set. */
const REGIONAL_ZONES = 3;

/** The stack name as a label value (lowercase letters, digits, `-`, `_`; at most 63). */
export function labelValue(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9_-]/g, "-").slice(0, 63) || "none";
}

/** Reads every key of CONFIG_KEYS from the Pulumi config of the running stack. */
export function readInfraConfig(): InfraConfig {
  const raw: Record<string, string> = {};
  for (const key of CONFIG_KEYS) {
    const [namespace, name] = key.split(":") as [string, string];
    const value = new pulumi.Config(namespace).get(name);
    if (value !== undefined) raw[key] = value;
  }
  return resolveInfraConfig(pulumi.getStack(), raw);
}

/** The IAP OAuth client secret (`pulumi config set --secret dashboard:oauthClientSecret`), required with viewers. */
export function readDashboardOauthSecret(): pulumi.Output<string> {
  const secret = new pulumi.Config("dashboard").getSecret("oauthClientSecret");
  if (secret === undefined) throw invalidConfig("dashboard:oauthClientSecret", undefined, "IAP needs the OAuth client's secret when dashboard:viewers is set: pulumi config set --secret dashboard:oauthClientSecret <secret>");
  return secret;
}

/** A comma-separated list, blanks dropped, each item checked against `pattern`. */
function listValue(key: string, value: string | undefined, pattern: RegExp, described: string): string[] {
  if (value === undefined) return [];
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "")
    .map((item) => patternValue(key, item, pattern, described));
}

/** Merges raw config strings over the stack's profile and validates them. Pure. */
export function resolveInfraConfig(stack: string, raw: RawConfig): InfraConfig {
  const get = (key: ConfigKey): string | undefined => raw[key];
  const profileName = get("piaa:profile") ?? (stack in PROFILES ? stack : "dev");
  const profile = PROFILES[profileName];
  if (profile === undefined) {
    throw invalidConfig("piaa:profile", profileName, `must be one of ${Object.keys(PROFILES).join(", ")}`);
  }
  const integer = (key: ConfigKey, fallback: number, min: number, max: number): number => {
    const value = get(key);
    return value === undefined ? fallback : integerValue(key, value, min, max);
  };
  const flag = (key: ConfigKey, fallback: boolean): boolean => {
    const value = get(key);
    return value === undefined ? fallback : booleanValue(key, value);
  };

  const projectValue = get("gcp:project");
  if (projectValue === undefined) {
    throw invalidConfig("gcp:project", undefined, "set it with `pulumi config set gcp:project <project-id>`");
  }
  const project = patternValue("gcp:project", projectValue, PROJECT_ID, "a project id (6-30 lowercase letters, digits, hyphens)");
  const region = patternValue("gcp:region", get("gcp:region") ?? profile.region, REGION, "a region such as us-central1");
  const env = labelValue(stack);
  const bucketName = patternValue(
    "piaa:bucketName",
    get("piaa:bucketName") ?? `${project}-piaa-${env}`,
    BUCKET_NAME,
    "a bucket name of 3-63 lowercase letters, digits, '-' or '_' (no dots, not starting with goog)",
  );

  const minNodes = integer("cluster:minNodes", profile.minNodes, 0, MAX_NODES);
  const maxNodes = integer("cluster:maxNodes", profile.maxNodes, 1, MAX_NODES);
  if (minNodes > maxNodes) {
    throw invalidConfig("cluster:minNodes", String(minNodes), `must be at most cluster:maxNodes (${maxNodes})`);
  }
  const regional = flag("cluster:regional", profile.regionalCluster);
  const machineType = patternValue(
    "cluster:machineType",
    get("cluster:machineType") ?? profile.machineType,
    MACHINE_TYPE,
    "a machine type such as e2-standard-4, n2-highmem-8 or custom-4-16384",
  );
  const releaseChannel = choiceValue(
    "cluster:releaseChannel",
    get("cluster:releaseChannel") ?? profile.releaseChannel,
    ["RAPID", "REGULAR", "STABLE"] as const,
  );

  const autoscale = flag("combiner:autoscale", profile.combinerAutoscale);
  const replicas = integer("combiner:replicas", profile.combinerReplicas, 1, MAX_REPLICAS);
  const maxReplicas = integer("combiner:maxReplicas", Math.max(profile.combinerMaxReplicas, replicas), 1, MAX_REPLICAS);
  if (autoscale && replicas > maxReplicas) {
    throw invalidConfig("combiner:replicas", String(replicas), `must be at most combiner:maxReplicas (${maxReplicas})`);
  }
  const targetCpuPercent = integer("combiner:targetCpuPercent", profile.combinerTargetCpuPercent, 10, 95);
  const backlogPerReplica = integer("combiner:backlogPerReplica", 0, 0, 1_000_000);
  if (!autoscale && backlogPerReplica > 0) {
    // Without autoscaling there is no HPA to give the metric to: say so rather than ignore the key.
    throw invalidConfig("combiner:backlogPerReplica", String(backlogPerReplica), "needs combiner:autoscale true (a fixed Deployment has no HPA)");
  }
  const analyzerReplicas = integer("analyzer:replicas", DEFAULT_ANALYZER_REPLICAS, 1, MAX_REPLICAS);
  const analyzerMaxReplicas = integer("analyzer:maxReplicas", Math.max(DEFAULT_ANALYZER_MAX_REPLICAS, analyzerReplicas), 1, MAX_REPLICAS);
  if (analyzerReplicas > analyzerMaxReplicas) {
    throw invalidConfig("analyzer:replicas", String(analyzerReplicas), `must be at most analyzer:maxReplicas (${analyzerMaxReplicas})`);
  }

  const minInstances = integer("proxy:minInstances", profile.proxyMinInstances, 0, MAX_PROXY_INSTANCES);
  const maxInstances = integer("proxy:maxInstances", Math.max(profile.proxyMaxInstances, minInstances, 1), 1, MAX_PROXY_INSTANCES);
  if (minInstances > maxInstances) {
    throw invalidConfig("proxy:minInstances", String(minInstances), `must be at most proxy:maxInstances (${maxInstances})`);
  }
  const hostname = get("proxy:hostname");
  const createApplication = flag("proxy:createApplication", profile.proxyCreateApplication);
  // The stack that creates the application owns its `default` service; a stack joining an
  // existing application gets a service of its own, so two stacks never deploy over each other.
  const service = patternValue(
    "proxy:service",
    get("proxy:service") ?? (createApplication ? "default" : `piaa-${env}`),
    SERVICE_ID,
    "an App Engine service id (lowercase letters, digits, hyphens)",
  );

  checkPoolCapacity({ machineType, maxNodes }, [
    {
      replicasKey: autoscale ? "combiner:maxReplicas" : "combiner:replicas",
      replicas: autoscale ? maxReplicas : replicas,
      cpuRequest: COMBINER_RESOURCES.requests.cpu,
    },
    { replicasKey: "analyzer:maxReplicas", replicas: analyzerMaxReplicas, cpuRequest: ANALYZER_RESOURCES.requests.cpu },
  ]);

  const viewers = listValue("dashboard:viewers", get("dashboard:viewers"), IAM_PRINCIPAL, "IAM principals such as user:ana@example.org or group:astro@example.org");
  const oauthClientId = get("dashboard:oauthClientId")?.trim() || undefined;
  if (viewers.length > 0 && oauthClientId === undefined) {
    throw invalidConfig("dashboard:oauthClientId", undefined, "IAP needs an OAuth client when dashboard:viewers is set (see README, Deploying)");
  }
  if (viewers.length > 0 && !createApplication) {
    throw invalidConfig("dashboard:viewers", get("dashboard:viewers"), "IAP is switched on with the App Engine application: set it only on the stack with proxy:createApplication=true");
  }

  return {
    stack,
    project,
    region,
    labels: { app: "piaa", env },
    bucketName,
    forceDestroyBucket: flag("piaa:forceDestroyBucket", profile.forceDestroyBucket),
    cluster: {
      location: regional ? region : `${region}-a`,
      zones: regional ? REGIONAL_ZONES : 1,
      authorizedNetworks: listValue("cluster:authorizedNetworks", get("cluster:authorizedNetworks"), CIDR_BLOCK, "CIDR blocks such as 203.0.113.0/24"),
      privateNodes: flag("cluster:privateNodes", profile.privateNodes),
      spotNodes: flag("cluster:spotNodes", profile.spotNodes),
      minNodes,
      maxNodes,
      machineType,
      releaseChannel,
      deletionProtection: flag("cluster:deletionProtection", profile.deletionProtection),
    },
    combiner: { replicas, maxReplicas, targetCpuPercent, autoscale, backlogPerReplica },
    analyzer: { replicas: analyzerReplicas, maxReplicas: analyzerMaxReplicas },
    proxy: {
      minInstances,
      maxInstances,
      createApplication,
      service,
      hostname: hostname === undefined ? undefined : patternValue("proxy:hostname", hostname, HOSTNAME, "a host name such as my-project.appspot.com"),
    },
    dashboard: { viewers, oauthClientId },
  };
}
