import { describe, expect, it } from "vitest";
import {
  appEngineLocation,
  appEngineServiceUrl,
  connectorName,
  serviceAccountEmail,
  serviceAccountId,
  serviceAgentMember,
} from "../../../infra/components/naming.js";

// Service-account ids: 6-30 chars, [a-z][a-z0-9-]*[a-z0-9] (IAM API, projects.serviceAccounts.create).
const ACCOUNT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
// Serverless VPC Access connector names (vpcaccess API, projects.locations.connectors.create).
const CONNECTOR = /^[a-z][-a-z0-9]{0,23}[a-z0-9]$/;

describe("naming", () => {
  it.each(["combiner-prod", "push-invoker-dev", "gke-nodes-a-very-long-environment-name-indeed", "9lives", "a"])(
    "serviceAccountId(%j) fits the IAM rule",
    (name) => {
      expect(serviceAccountId(name)).toMatch(ACCOUNT_ID);
    },
  );

  it("keeps short ids readable and makes long ones unique", () => {
    expect(serviceAccountId("combiner-prod")).toBe("combiner-prod");
    const a = serviceAccountId("gke-nodes-a-very-long-environment-name-one");
    const b = serviceAccountId("gke-nodes-a-very-long-environment-name-two");
    expect(a).not.toBe(b);
    expect(a.startsWith("gke-nodes-a-very")).toBe(true);
  });

  it.each(["proxy-dev", "proxy-a-very-long-environment-name"])("connectorName(%j) fits the connector rule", (name) => {
    expect(connectorName(name)).toMatch(CONNECTOR);
  });

  it("builds service-account e-mails and service-agent members", () => {
    expect(serviceAccountEmail("push-invoker-dev", "my-proj")).toBe("push-invoker-dev@my-proj.iam.gserviceaccount.com");
    expect(serviceAgentMember("123", "gcp-sa-pubsub")).toBe("serviceAccount:service-123@gcp-sa-pubsub.iam.gserviceaccount.com");
  });

  // App Engine locations: https://cloud.google.com/appengine/docs/locations
  it.each([
    ["us-central1", "us-central"],
    ["europe-west1", "europe-west"],
    ["europe-west3", "europe-west3"],
    ["us-east1", "us-east1"],
  ])("appEngineLocation(%s) = %s", (region, location) => {
    expect(appEngineLocation(region)).toBe(location);
  });

  it("addresses the default service on the host and others with -dot-", () => {
    expect(appEngineServiceUrl("p.uc.r.appspot.com", "default")).toBe("https://p.uc.r.appspot.com");
    expect(appEngineServiceUrl("p.uc.r.appspot.com", "proxy")).toBe("https://proxy-dot-p.uc.r.appspot.com");
  });
});
