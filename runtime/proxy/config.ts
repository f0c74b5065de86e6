/**
 * The proxy's configuration, read from the environment once at start (design §7) and validated
 * there: a bad value stops the process with a message naming the variable.
 *
 *     PIAA_COMBINER_URL            combiner base URL; several, comma-separated, are tried in turn
 *     PIAA_COMBINER_TOKEN          bearer secret shared with the combiner (required)
 *     PIAA_PUSH_AUDIENCE           `aud` of the push subscription's OIDC tokens (required)
 *     PIAA_PUSH_SERVICE_ACCOUNT    the push subscription's service account e-mail (required)
 *     PIAA_PUSH_CERTS_URL          token signing certificates (default Google's; the local
 *                                  pipeline points it at its own issuer on 127.0.0.1)
 *     PIAA_OCN_CHANNEL_TOKEN       token of the legacy OCN channel (without it /ocn refuses all)
 *     PIAA_BUCKET                  bucket the dashboard reads (without it no dashboard)
 *     PIAA_DASHBOARD_IAP_AUDIENCE  when set, the dashboard admits only requests IAP signed for
 *                                  this audience (`/projects/NUMBER/apps/PROJECT`); unset (local
 *                                  runs) the dashboard is open
 *     PIAA_IAP_CERTS_URL           IAP's public keys (default Google's key id → PEM document)
 *     PIAA_COMBINER_TOKEN_SECRET,  Secret Manager versions holding the two tokens (App Engine);
 *     PIAA_OCN_CHANNEL_TOKEN_SECRET read at start by secretEnvironment.ts, a set token wins
 *     PORT                         listening port (default 8080, as App Engine sets it; 0 = any)
 *     PIAA_PROXY_HOST              listening address (default 0.0.0.0)
 *     PIAA_PROXY_DRAIN_TIMEOUT_MS  how long SIGTERM waits for requests being answered (default 8000)
 *     LOG_LEVEL                    pino level (default info)
 */
import { UsageError } from "../core/commandLine.js";
import { MIN_TOKEN_LENGTH } from "../core/bearerToken.js";
import { GOOGLE_IAP_KEYS_URL } from "./iapAssertion.js";
import { GOOGLE_PEM_CERTS_URL } from "./oidcVerifier.js";

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = "0.0.0.0";
/** A bound on shutdown, not a goal: a push answered within it is acknowledged, later ones are redelivered. */
export const DEFAULT_DRAIN_TIMEOUT_MS = 8_000;
const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

export interface ProxyConfig {
  combinerUrls: string[];
  combinerToken: string;
  pushAudience: string;
  pushServiceAccount: string;
  pushCertsUrl: string;
  ocnChannelToken?: string;
  bucket?: string;
  /** Expected `aud` of IAP's signed header; undefined: the dashboard is not behind IAP. */
  dashboardIapAudience?: string;
  iapCertsUrl: string;
  port: number;
  host: string;
  logLevel: string;
  drainTimeoutMs: number;
}

type Env = Record<string, string | undefined>;

function required(env: Env, name: string, meaning: string): string {
  const value = env[name]?.trim() ?? "";
  if (value === "") throw new UsageError(`${name} is required: ${meaning}`);
  return value;
}

function httpUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${name}: ${JSON.stringify(value)} is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`${name}: ${JSON.stringify(value)} is not an http(s) URL`);
  return url.toString();
}

function secret(env: Env, name: string, meaning: string): string {
  const value = required(env, name, meaning);
  if (value.length < MIN_TOKEN_LENGTH || /\s/.test(value)) throw new UsageError(`${name} must be at least ${MIN_TOKEN_LENGTH} characters without spaces`);
  return value;
}

function drainTimeoutMs(env: Env): number {
  const raw = env.PIAA_PROXY_DRAIN_TIMEOUT_MS?.trim();
  if (raw === undefined || raw === "") return DEFAULT_DRAIN_TIMEOUT_MS;
  if (!/^\d+$/.test(raw) || Number(raw) > 600_000) throw new UsageError(`PIAA_PROXY_DRAIN_TIMEOUT_MS must be an integer from 0 to 600000 (got ${JSON.stringify(raw)})`);
  return Number(raw);
}

function port(env: Env): number {
  const raw = env.PORT?.trim();
  if (raw === undefined || raw === "") return DEFAULT_PORT;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > 65_535) throw new UsageError(`PORT must be an integer from 0 to 65535 (got ${JSON.stringify(raw)})`);
  return value;
}

export function readProxyConfig(env: Env = process.env): ProxyConfig {
  const combinerUrls = required(env, "PIAA_COMBINER_URL", "the combiner's base URL")
    .split(",")
    .map((url) => httpUrl("PIAA_COMBINER_URL", url.trim()));
  const pushServiceAccount = required(env, "PIAA_PUSH_SERVICE_ACCOUNT", "the service account e-mail of the push subscription");
  if (!/^[^@\s]+@[^@\s]+$/.test(pushServiceAccount)) {
    throw new UsageError(`PIAA_PUSH_SERVICE_ACCOUNT: ${JSON.stringify(pushServiceAccount)} is not a service account e-mail`);
  }
  const logLevel = env.LOG_LEVEL || "info";
  if (!LOG_LEVELS.includes(logLevel)) throw new UsageError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")} (got ${JSON.stringify(logLevel)})`);
  const config: ProxyConfig = {
    combinerUrls,
    combinerToken: secret(env, "PIAA_COMBINER_TOKEN", "the bearer secret shared by proxy and combiner"),
    pushAudience: required(env, "PIAA_PUSH_AUDIENCE", "the audience of the push subscription's OIDC tokens"),
    pushServiceAccount,
    pushCertsUrl: httpUrl("PIAA_PUSH_CERTS_URL", env.PIAA_PUSH_CERTS_URL || GOOGLE_PEM_CERTS_URL),
    iapCertsUrl: httpUrl("PIAA_IAP_CERTS_URL", env.PIAA_IAP_CERTS_URL || GOOGLE_IAP_KEYS_URL),
    port: port(env),
    host: env.PIAA_PROXY_HOST || DEFAULT_HOST,
    logLevel,
    drainTimeoutMs: drainTimeoutMs(env),
  };
  // Not held to the secret's length: 2016 `watchbucket -t` tokens must keep working.
  if (env.PIAA_OCN_CHANNEL_TOKEN) config.ocnChannelToken = env.PIAA_OCN_CHANNEL_TOKEN;
  if (env.PIAA_BUCKET) config.bucket = env.PIAA_BUCKET;
  if (env.PIAA_DASHBOARD_IAP_AUDIENCE?.trim()) config.dashboardIapAudience = env.PIAA_DASHBOARD_IAP_AUDIENCE.trim();
  return config;
}
