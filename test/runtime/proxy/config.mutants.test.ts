/** The proxy's environment (config.ts): the edges of each accepted value and the defaults. */
import { describe, expect, it } from "vitest";
import { UsageError } from "../../../runtime/core/commandLine.js";
import { DEFAULT_DRAIN_TIMEOUT_MS, readProxyConfig } from "../../../runtime/proxy/config.js";

const valid = {
  PIAA_COMBINER_URL: "http://10.0.0.5:8080",
  PIAA_COMBINER_TOKEN: "0123456789abcdef",
  PIAA_PUSH_AUDIENCE: "https://piaa.appspot.com/pubsub/push",
  PIAA_PUSH_SERVICE_ACCOUNT: "push@piaa.iam.gserviceaccount.com",
};
const read = (overrides: Record<string, string | undefined>) => readProxyConfig({ ...valid, ...overrides });
const refusal = (overrides: Record<string, string | undefined>): string => {
  try {
    read(overrides);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error("expected a refusal");
};

describe("readProxyConfig: edges", () => {
  it("PORT: 0 to 65535, trimmed; empty means the default", () => {
    expect(read({ PORT: "65535" }).port).toBe(65_535);
    expect(read({ PORT: " 9000 " }).port).toBe(9000);
    expect(read({ PORT: "" }).port).toBe(8080);
    expect(read({ PORT: "   " }).port).toBe(8080);
    expect(refusal({ PORT: "65536" })).toBe('PORT must be an integer from 0 to 65535 (got "65536")');
    expect(refusal({ PORT: "-1" })).toBe('PORT must be an integer from 0 to 65535 (got "-1")');
    expect(refusal({ PORT: "1e3" })).toMatch(/^PORT must be/);
  });

  it("PIAA_PROXY_DRAIN_TIMEOUT_MS: 0 to 600000, trimmed; empty means the default", () => {
    expect(read({ PIAA_PROXY_DRAIN_TIMEOUT_MS: "0" }).drainTimeoutMs).toBe(0);
    expect(read({ PIAA_PROXY_DRAIN_TIMEOUT_MS: " 600000 " }).drainTimeoutMs).toBe(600_000);
    expect(read({ PIAA_PROXY_DRAIN_TIMEOUT_MS: "" }).drainTimeoutMs).toBe(DEFAULT_DRAIN_TIMEOUT_MS);
    expect(refusal({ PIAA_PROXY_DRAIN_TIMEOUT_MS: "600001" })).toBe('PIAA_PROXY_DRAIN_TIMEOUT_MS must be an integer from 0 to 600000 (got "600001")');
    expect(refusal({ PIAA_PROXY_DRAIN_TIMEOUT_MS: "x5" })).toMatch(/^PIAA_PROXY_DRAIN_TIMEOUT_MS must be/);
  });

  it("the combiner token: 16 characters is enough, a space or 15 is not", () => {
    expect(read({ PIAA_COMBINER_TOKEN: "0123456789abcdef" }).combinerToken).toBe("0123456789abcdef");
    expect(read({ PIAA_COMBINER_TOKEN: "  0123456789abcdef  " }).combinerToken).toBe("0123456789abcdef");
    expect(refusal({ PIAA_COMBINER_TOKEN: "0123456789abcde" })).toBe("PIAA_COMBINER_TOKEN must be at least 16 characters without spaces");
    expect(refusal({ PIAA_COMBINER_TOKEN: "01234567 89abcdef" })).toBe("PIAA_COMBINER_TOKEN must be at least 16 characters without spaces");
    expect(refusal({ PIAA_COMBINER_TOKEN: "   " })).toBe("PIAA_COMBINER_TOKEN is required: the bearer secret shared by proxy and combiner");
  });

  it("required values are trimmed, and a blank one is missing, named with its meaning", () => {
    expect(read({ PIAA_PUSH_AUDIENCE: " aud " }).pushAudience).toBe("aud");
    expect(refusal({ PIAA_PUSH_AUDIENCE: " " })).toBe("PIAA_PUSH_AUDIENCE is required: the audience of the push subscription's OIDC tokens");
    expect(refusal({ PIAA_COMBINER_URL: undefined })).toBe("PIAA_COMBINER_URL is required: the combiner's base URL");
    expect(refusal({ PIAA_PUSH_SERVICE_ACCOUNT: undefined })).toBe("PIAA_PUSH_SERVICE_ACCOUNT is required: the service account e-mail of the push subscription");
  });

  it("the service account: one @ with text either side and no spaces", () => {
    expect(read({ PIAA_PUSH_SERVICE_ACCOUNT: "a@b" }).pushServiceAccount).toBe("a@b");
    for (const bad of ["@b", "a@", "a@b@c", "a b@c", "x a@b", "a@b c"]) {
      expect(refusal({ PIAA_PUSH_SERVICE_ACCOUNT: bad })).toBe(`PIAA_PUSH_SERVICE_ACCOUNT: ${JSON.stringify(bad)} is not a service account e-mail`);
    }
  });

  it("every combiner URL is checked, https accepted, each named by the variable", () => {
    expect(read({ PIAA_COMBINER_URL: "https://combiner.internal,http://10.0.0.6" }).combinerUrls).toEqual(["https://combiner.internal/", "http://10.0.0.6/"]);
    expect(refusal({ PIAA_COMBINER_URL: "http://10.0.0.5, ftp://x" })).toBe('PIAA_COMBINER_URL: "ftp://x" is not an http(s) URL');
    expect(refusal({ PIAA_COMBINER_URL: "http://10.0.0.5,nope" })).toBe('PIAA_COMBINER_URL: "nope" is not a URL');
  });

  it("certificate URLs may be overridden, checked the same way", () => {
    expect(read({ PIAA_PUSH_CERTS_URL: "http://127.0.0.1:9/certs" }).pushCertsUrl).toBe("http://127.0.0.1:9/certs");
    expect(refusal({ PIAA_PUSH_CERTS_URL: "ftp://x/certs" })).toBe('PIAA_PUSH_CERTS_URL: "ftp://x/certs" is not an http(s) URL');
    expect(refusal({ PIAA_IAP_CERTS_URL: "nope" })).toBe('PIAA_IAP_CERTS_URL: "nope" is not a URL');
  });

  it("host, log level and the optional values", () => {
    const config = read({ PIAA_PROXY_HOST: "127.0.0.1", LOG_LEVEL: "warn" });
    expect(config).toMatchObject({ host: "127.0.0.1", logLevel: "warn" });
    expect(read({ LOG_LEVEL: "" }).logLevel).toBe("info");
    expect(refusal({ LOG_LEVEL: "loud" })).toBe('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")');
    const empty = read({ PIAA_OCN_CHANNEL_TOKEN: "", PIAA_BUCKET: "", PIAA_DASHBOARD_IAP_AUDIENCE: "  " });
    expect("ocnChannelToken" in empty || "bucket" in empty || "dashboardIapAudience" in empty).toBe(false);
    expect(read({ PIAA_DASHBOARD_IAP_AUDIENCE: " /projects/1/apps/p " }).dashboardIapAudience).toBe("/projects/1/apps/p");
    expect(read({ PIAA_OCN_CHANNEL_TOKEN: "short" }).ocnChannelToken).toBe("short");
  });
});
