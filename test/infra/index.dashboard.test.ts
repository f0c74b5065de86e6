/**
 * Item 4 with `dashboard:viewers` set (dev stack under mocks): IAP guards the application, the
 * viewers and the push invoker may pass it, Pub/Sub's token carries IAP's client id as audience,
 * and the proxy is told which IAP audience to verify. The whole contract still holds.
 */
import { describe, expect, it } from "vitest";
import { captureProgram, type PlannedProgram } from "../../infra/plan/capturePlan.js";
import { checkPlannedContract } from "../../infra/plan/planContract.js";
import { MOCK_PROJECT_NUMBER } from "../../infra/plan/planMocks.js";
import { input, resource } from "./planLookup.js";
import { runProgramOnce } from "./programRun.js";

const CLIENT_ID = "123456789012-abc.apps.googleusercontent.com";
let program: PlannedProgram;

runProgramOnce("dev stack's (with dashboard viewers)", async () => {
  program = await captureProgram({
    stack: "dev",
    overrides: {
      "dashboard:viewers": "user:ana@example.org,group:astro@example.org",
      "dashboard:oauthClientId": CLIENT_ID,
      "dashboard:oauthClientSecret": "oauth-client-secret-for-plans",
    },
  });
});

describe("dev plan with dashboard viewers", () => {
  it("scales the combiner on CPU alone by default, with no metrics adapter identity (combiner:backlogPerReplica unset)", () => {
    const metrics = input(resource(program.resources, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "combiner-hpa"), "spec.metrics") as { type: string }[];
    expect(metrics.map((metric) => metric.type)).toEqual(["Resource"]);
    expect(program.resources.filter((r) => r.name.startsWith("combiner-autoscaler-adapter"))).toEqual([]);
  });

  it("refuses viewers without the OAuth client's secret, naming the key", async () => {
    await expect(
      captureProgram({ stack: "dev", overrides: { "dashboard:viewers": "user:ana@example.org", "dashboard:oauthClientId": CLIENT_ID } }),
    ).rejects.toThrow(/dashboard:oauthClientSecret/);
  }, 120_000);

  it("switches IAP on for the application with the configured OAuth client", () => {
    const app = resource(program.resources, "gcp:appengine/application:Application", "proxy-app");
    expect(app.inputs.iap).toMatchObject({ enabled: true, oauth2ClientId: CLIENT_ID, oauth2ClientSecret: "[secret]" });
  });

  it("lets exactly the viewers and the push invoker through IAP on the proxy's service", () => {
    const grants = program.resources.filter((r) => r.type === "gcp:iap/appEngineServiceIamMember:AppEngineServiceIamMember");
    expect(grants.map((g) => g.inputs.member)).toEqual(["user:ana@example.org", "group:astro@example.org", "serviceAccount:push-invoker-dev@piaa-plan-dev.iam.gserviceaccount.com"]);
    for (const grant of grants) expect(grant.inputs).toMatchObject({ role: "roles/iap.httpsResourceAccessor", service: "default" });
    expect(grants[2]!.dependsOn).toContain("events-invoker");
  });

  it("serves the dashboard with the IAP audience to verify, and pushes with IAP's client id as audience", () => {
    const env = input(resource(program.resources, "gcp:appengine/standardAppVersion:StandardAppVersion", "proxy-version"), "envVariables") as Record<string, string>;
    expect(env).toMatchObject({ PIAA_BUCKET: "gs://piaa-plan-dev-piaa-dev", PIAA_DASHBOARD_IAP_AUDIENCE: `/projects/${MOCK_PROJECT_NUMBER}/apps/piaa-plan-dev`, PIAA_PUSH_AUDIENCE: CLIENT_ID });
    expect(input(resource(program.resources, "gcp:pubsub/subscription:Subscription", "events-push"), "pushConfig.oidcToken.audience")).toBe(CLIENT_ID);
  });

  it("still holds the whole cloud contract", () => {
    expect(checkPlannedContract(program, new Date())).toEqual([]);
  });
});
