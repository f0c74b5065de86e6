/**
 * The plan's mocks stand in for the provider, so what they compute must have the shapes Google's
 * APIs give (the plan's checks compare these strings across resources): Pub/Sub resource names
 * (https://cloud.google.com/pubsub/docs/reference/rest/v1/projects.topics and .subscriptions),
 * Compute network self links (https://cloud.google.com/compute/docs/reference/rest/v1/networks),
 * service-account and service-agent addresses (https://cloud.google.com/iam/docs/service-agents),
 * and random_password's result of the requested length (registry.terraform.io/providers/hashicorp/random).
 */
import type * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { MOCK_PROJECT_NUMBER, planMocks } from "../../../infra/plan/planMocks.js";

const mocks = planMocks("survey-1");

async function created(type: string, name: string, inputs: Record<string, unknown> = {}): Promise<{ id: string | undefined; state: Record<string, unknown> }> {
  const result = await mocks.newResource({ type, name, inputs, custom: true } as pulumi.runtime.MockResourceArgs);
  return { id: result.id, state: result.state as Record<string, unknown> };
}

describe("planMocks: what the provider would compute", () => {
  it("names topics and subscriptions projects/<project>/topics|subscriptions/<name>, auto-named when no name is given", async () => {
    expect((await created("gcp:pubsub/topic:Topic", "events-topic", { name: "events" })).id).toBe("projects/survey-1/topics/events");
    expect((await created("gcp:pubsub/subscription:Subscription", "events-push", { name: "push" })).id).toBe("projects/survey-1/subscriptions/push");
    const auto = await created("gcp:pubsub/subscription:Subscription", "events-push");
    expect(auto.id).toMatch(/^projects\/survey-1\/subscriptions\/events-push-[0-9a-f]{7}$/);
    expect(auto.state.name).toBe(auto.id!.split("/").pop());
  });

  it("gives a network its id and the Compute API's self link", async () => {
    const { id, state } = await created("gcp:compute/network:Network", "vpc", { name: "piaa-vpc" });
    expect(id).toBe("projects/survey-1/global/networks/piaa-vpc");
    expect(state).toMatchObject({ name: "piaa-vpc", selfLink: "https://www.googleapis.com/compute/v1/projects/survey-1/global/networks/piaa-vpc" });
  });

  it("addresses service accounts and the Pub/Sub service agent as Google does", async () => {
    expect((await created("gcp:serviceaccount/account:Account", "proxy-sa", { accountId: "proxy-dev" })).state.email).toBe("proxy-dev@survey-1.iam.gserviceaccount.com");
    expect((await created("gcp:projects/serviceIdentity:ServiceIdentity", "agent", { service: "pubsub.googleapis.com" })).state).toMatchObject({
      email: `service-${MOCK_PROJECT_NUMBER}@gcp-sa-pubsub.iam.gserviceaccount.com`,
      member: `serviceAccount:service-${MOCK_PROJECT_NUMBER}@gcp-sa-pubsub.iam.gserviceaccount.com`,
    });
  });

  it("returns a random password of the requested length, 16 when none is asked, recognisably a placeholder", async () => {
    const asked = (await created("random:index/randomPassword:RandomPassword", "token", { length: 40 })).state.result as string;
    expect(asked).toHaveLength(40);
    expect(asked).toMatch(/^mockx+$/);
    expect((await created("random:index/randomPassword:RandomPassword", "token")).state.result).toHaveLength(16);
  });

  it("echoes the inputs, with what it computes on top", async () => {
    const { state } = await created("gcp:storage/bucket:Bucket", "data-bucket", { name: "piaa-dev-data", location: "US" });
    expect(state).toEqual({ name: "piaa-dev-data", location: "US", url: "gs://piaa-dev-data" });
  });

  it("refuses an invoke it has no stand-in for, naming it", async () => {
    expect(() => mocks.call({ token: "gcp:compute/getZones:getZones", inputs: {} } as pulumi.runtime.MockCallArgs)).toThrow("piaa plan: no mock for invoke gcp:compute/getZones:getZones");
  });
});
