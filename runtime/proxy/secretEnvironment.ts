/**
 * The proxy's tokens from Secret Manager (issue 15, item 5). On App Engine the environment holds
 * only `<NAME>_SECRET`, the resource name of a secret version; this reads each value once at start
 * through a SecretSource and returns the environment the rest of the proxy reads as before
 * (config.ts). Locally (`npm start`) the tokens are in the environment and nothing is fetched.
 */
import { GoogleAuth } from "google-auth-library";
import { UsageError } from "../core/commandLine.js";

/** Resolves a Secret Manager version name (`projects/P/secrets/S/versions/V`) to its value. */
export type SecretSource = (versionName: string) => Promise<string>;

/** The variables that may come from Secret Manager. */
export const SECRET_VARIABLES = ["PIAA_COMBINER_TOKEN", "PIAA_OCN_CHANNEL_TOKEN"] as const;

const VERSION_NAME = /^projects\/[^/]+\/secrets\/[^/]+\/versions\/[^/]+$/;

type Env = Record<string, string | undefined>;

/** `env` with each token whose `<NAME>_SECRET` is set (and the token itself is not) read from `source`. */
export async function withSecretsFromManager(env: Env, source: SecretSource): Promise<Env> {
  const resolved: Env = { ...env };
  for (const variable of SECRET_VARIABLES) {
    const reference = env[`${variable}_SECRET`]?.trim();
    if (!reference || env[variable]) continue;
    if (!VERSION_NAME.test(reference)) {
      throw new UsageError(`${variable}_SECRET: ${JSON.stringify(reference)} is not a secret version name (projects/P/secrets/S/versions/V)`);
    }
    try {
      resolved[variable] = await source(reference);
    } catch (error) {
      throw new UsageError(`${variable}_SECRET: cannot read ${reference}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return resolved;
}

export interface SecretManagerOptions {
  /** @default "https://secretmanager.googleapis.com" */
  baseUrl?: string;
  /** OAuth access token of the caller; @default the instance's service account (google-auth-library). */
  accessToken?: () => Promise<string>;
  timeoutMs?: number;
}

/**
 * Secret Manager's REST `versions.access`: `GET {base}/v1/{name}:access` answers
 * `{name, payload: {data: base64}}` (https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets.versions/access).
 */
export function secretManagerSource(options: SecretManagerOptions = {}): SecretSource {
  const baseUrl = options.baseUrl ?? "https://secretmanager.googleapis.com";
  const accessToken =
    options.accessToken ??
    (() => {
      const auth = new GoogleAuth({ scopes: ["https://www.googleapis.com/auth/cloud-platform"] });
      return async () => (await auth.getAccessToken()) ?? "";
    })();
  return async (versionName) => {
    const response = await fetch(`${baseUrl}/v1/${versionName}:access`, {
      headers: { authorization: `Bearer ${await accessToken()}` },
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    if (!response.ok) throw new Error(`Secret Manager answered ${response.status}`);
    const body = (await response.json()) as { payload?: { data?: unknown } };
    if (typeof body.payload?.data !== "string") throw new Error("Secret Manager answer has no payload.data");
    return Buffer.from(body.payload.data, "base64").toString("utf8");
  };
}
