/**
 * The Pub/Sub push envelope (pubsubPush.ts) against the documented shapes
 * (https://cloud.google.com/pubsub/docs/push#receive_push,
 * https://cloud.google.com/storage/docs/pubsub-notifications): each refusal names its field.
 */
import { describe, expect, it } from "vitest";
import { InvalidRequestError } from "../../../../runtime/core/errors.js";
import { buildPubsubPush, parsePubsubPush } from "../../../../runtime/core/notifications/pubsubPush.js";

const LC = "LC/PIC_J0326137+295015/PAN001/123456/2016-07-24T10:41:10.772000.json";
const attributes = { bucketId: "piaa-prod", eventType: "OBJECT_FINALIZE", objectGeneration: "1764151200123456", objectId: LC, payloadFormat: "JSON_API_V1" };
const data = (resource: unknown) => Buffer.from(JSON.stringify(resource)).toString("base64");
const body = (message: Record<string, unknown> = {}) => ({ message: { attributes, data: data({ name: LC }), messageId: "m1", ...message } });
const refusal = (value: unknown): InvalidRequestError => {
  try {
    parsePubsubPush(value);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    return error as InvalidRequestError;
  }
  throw new Error("expected a refusal");
};

describe("parsePubsubPush", () => {
  it("reads an event without a generation attribute, and a resource without a name", () => {
    const { objectGeneration: _, ...withoutGeneration } = attributes;
    expect(parsePubsubPush(body({ attributes: withoutGeneration, data: data({ size: "1" }) }))).toEqual({ messageId: "m1", eventType: "OBJECT_FINALIZE", bucket: "piaa-prod", object: LC });
  });

  it("accepts url-safe base64 and padding", () => {
    const urlSafe = Buffer.from(JSON.stringify({ name: LC, x: "??>>" })).toString("base64url");
    expect(parsePubsubPush(body({ data: urlSafe })).object).toBe(LC);
    expect(parsePubsubPush(body({ data: "" })).object).toBe(LC);
  });

  it.each<[string, string]>([
    ["eventType", "message.attributes.eventType"],
    ["bucketId", "message.attributes.bucketId"],
    ["objectId", "message.attributes.objectId"],
  ])("names a missing or empty %s", (key, field) => {
    const { [key as keyof typeof attributes]: _, ...rest } = attributes;
    expect(refusal(body({ attributes: rest })).objectName).toBe(field);
    expect(refusal(body({ attributes: { ...attributes, [key]: "" } })).message).toBe(`invalid request: ${field}: missing`);
  });

  it("names a bad generation and a bucket name too long", () => {
    expect(refusal(body({ attributes: { ...attributes, objectGeneration: "0" } })).objectName).toBe("message.attributes.objectGeneration");
    expect(refusal(body({ attributes: { ...attributes, bucketId: "b".repeat(223) } })).objectName).toBe("message.attributes.bucketId");
  });

  it("names the envelope field the schema refuses, or the body", () => {
    expect(refusal({}).objectName).toBe("message");
    expect(refusal(body({ attributes: { ...attributes, objectId: 7 } })).objectName).toBe("message.attributes.objectId");
    expect(refusal(null).objectName).toBe("body");
  });

  it.each<[string, unknown, string]>([
    ["an array resource", [1], "is not a JSON object resource"],
    ["a null resource", null, "is not a JSON object resource"],
    ["a string resource", "LC", "is not a JSON object resource"],
  ])("refuses %s in data", (_case, resource, reason) => {
    expect(refusal(body({ data: data(resource) })).message).toBe(`invalid request: message.data: ${reason}`);
  });

  it("refuses data with characters outside base64, or padding past two", () => {
    expect(refusal(body({ data: "eyJ9 " })).message).toBe("invalid request: message.data: is not base64");
    expect(refusal(body({ data: "e30===" })).message).toBe("invalid request: message.data: is not base64");
    expect(refusal(body({ data: "!e30" })).message).toBe("invalid request: message.data: is not base64");
  });

  it("refuses data naming another object than the attributes", () => {
    expect(refusal(body({ data: data({ name: "LC/other.json" }) })).message).toBe(`invalid request: message.data: names object "LC/other.json", attributes name ${JSON.stringify(LC)}`);
  });
});

describe("buildPubsubPush", () => {
  it("fills the attributes, times and subscription Pub/Sub would send", () => {
    const publishTime = new Date("2026-11-26T10:00:00.123Z");
    const envelope = buildPubsubPush({ messageId: "m1", eventType: "OBJECT_FINALIZE", bucket: "local", object: LC, generation: "42", publishTime, subscription: "projects/p/subscriptions/s" });
    expect(envelope).toEqual({
      message: {
        attributes: {
          notificationConfig: "projects/_/buckets/local/notificationConfigs/local",
          eventType: "OBJECT_FINALIZE",
          payloadFormat: "JSON_API_V1",
          bucketId: "local",
          objectId: LC,
          objectGeneration: "42",
          eventTime: "2026-11-26T10:00:00.123Z",
        },
        data: data({ kind: "storage#object", name: LC, bucket: "local", generation: "42" }),
        messageId: "m1",
        publishTime: "2026-11-26T10:00:00.123Z",
      },
      subscription: "projects/p/subscriptions/s",
    });
  });

  it("defaults the subscription and the publish time to now", () => {
    const before = Date.now();
    const envelope = buildPubsubPush({ messageId: "m1", eventType: "OBJECT_DELETE", bucket: "local", object: LC, generation: "42" });
    expect(envelope.subscription).toBe("projects/local/subscriptions/piaa-push");
    const at = Date.parse(envelope.message.publishTime!);
    expect(at).toBeGreaterThanOrEqual(before - 1);
    expect(at).toBeLessThanOrEqual(Date.now() + 1);
  });

  it("lets the resource's own fields not override name, bucket and generation", () => {
    const envelope = buildPubsubPush({ messageId: "m1", eventType: "OBJECT_FINALIZE", bucket: "local", object: LC, generation: "42", resource: { name: "x", bucket: "y", generation: "1", kind: "z" } });
    expect(JSON.parse(Buffer.from(envelope.message.data!, "base64").toString("utf8"))).toEqual({ kind: "z", name: LC, bucket: "local", generation: "42" });
  });
});
