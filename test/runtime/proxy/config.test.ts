import { describe, expect, it } from "vitest";
import { UsageError } from "../../../runtime/core/commandLine.js";
import { readProxyConfig } from "../../../runtime/proxy/config.js";

const valid = {
  PIAA_COMBINER_URL: "http://10.0.0.5:8080",
  PIAA_COMBINER_TOKEN: "0123456789abcdef0123",
  PIAA_PUSH_AUDIENCE: "https://piaa.appspot.com/pubsub/push",
  PIAA_PUSH_SERVICE_ACCOUNT: "push@piaa.iam.gserviceaccount.com",
};

describe("readProxyConfig", () => {
  it("reads a complete environment, with Google's certificates and port 8080 by default", () => {
    expect(readProxyConfig(valid)).toEqual({
      combinerUrls: ["http://10.0.0.5:8080/"],
      combinerToken: valid.PIAA_COMBINER_TOKEN,
      pushAudience: valid.PIAA_PUSH_AUDIENCE,
      pushServiceAccount: valid.PIAA_PUSH_SERVICE_ACCOUNT,
      pushCertsUrl: "https://www.googleapis.com/oauth2/v1/certs",
      iapCertsUrl: "https://www.gstatic.com/iap/verify/public_key",
      port: 8080,
      host: "0.0.0.0",
      logLevel: "info",
      drainTimeoutMs: 8000,
    });
  });

  it("puts the dashboard behind IAP only when PIAA_DASHBOARD_IAP_AUDIENCE is set, keys from PIAA_IAP_CERTS_URL", () => {
    expect(readProxyConfig(valid).dashboardIapAudience).toBeUndefined();
    const config = readProxyConfig({ ...valid, PIAA_DASHBOARD_IAP_AUDIENCE: "/projects/1/apps/p", PIAA_IAP_CERTS_URL: "http://127.0.0.1:9/keys" });
    expect(config).toMatchObject({ dashboardIapAudience: "/projects/1/apps/p", iapCertsUrl: "http://127.0.0.1:9/keys" });
    expect(() => readProxyConfig({ ...valid, PIAA_IAP_CERTS_URL: "file:///keys" })).toThrow(/PIAA_IAP_CERTS_URL/);
  });

  it("takes several combiner URLs, the OCN token, the bucket and a port", () => {
    const config = readProxyConfig({ ...valid, PIAA_COMBINER_URL: "http://127.0.0.1:1, http://127.0.0.1:2", PIAA_OCN_CHANNEL_TOKEN: "t2016", PIAA_BUCKET: "gs://piaa", PORT: "0" });
    expect(config).toMatchObject({ combinerUrls: ["http://127.0.0.1:1/", "http://127.0.0.1:2/"], ocnChannelToken: "t2016", bucket: "gs://piaa", port: 0 });
  });

  it.each([
    ["PIAA_COMBINER_URL", undefined, /PIAA_COMBINER_URL is required/],
    ["PIAA_COMBINER_URL", "ftp://x", /PIAA_COMBINER_URL: "ftp:\/\/x\/?" is not an http\(s\) URL/],
    ["PIAA_COMBINER_TOKEN", undefined, /PIAA_COMBINER_TOKEN is required/],
    ["PIAA_COMBINER_TOKEN", "short", /PIAA_COMBINER_TOKEN must be at least 16 characters/],
    ["PIAA_PUSH_AUDIENCE", "", /PIAA_PUSH_AUDIENCE is required/],
    ["PIAA_PUSH_SERVICE_ACCOUNT", "push", /PIAA_PUSH_SERVICE_ACCOUNT: "push" is not a service account e-mail/],
    ["PIAA_PUSH_CERTS_URL", "not a url", /PIAA_PUSH_CERTS_URL: "not a url" is not a URL/],
    ["PORT", "80a", /PORT must be an integer from 0 to 65535/],
    ["PIAA_PROXY_DRAIN_TIMEOUT_MS", "5s", /PIAA_PROXY_DRAIN_TIMEOUT_MS must be an integer/],
    ["LOG_LEVEL", "loud", /LOG_LEVEL must be one of/],
  ])("names %s when it is %j", (name, value, message) => {
    const read = () => readProxyConfig({ ...valid, [name]: value });
    expect(read).toThrow(UsageError);
    expect(read).toThrow(message);
  });
});
