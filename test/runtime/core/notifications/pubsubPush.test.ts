import { describe, expect, it } from "vitest";
import { InvalidRequestError } from "../../../../runtime/core/errors.js";
import { buildPubsubPush, parsePubsubPush } from "../../../../runtime/core/notifications/pubsubPush.js";

const LC = "LC/PIC_J0326137+295015/PAN001/123456/2016-07-24T10:41:10.772000.json";

// A push body shaped as in https://cloud.google.com/pubsub/docs/push#receive_push, carrying a
// Cloud Storage notification (https://cloud.google.com/storage/docs/pubsub-notifications).
const googleShaped = {
  message: {
    attributes: {
      bucketId: "piaa-prod",
      eventTime: "2026-11-26T10:00:00.123456Z",
      eventType: "OBJECT_FINALIZE",
      notificationConfig: "projects/_/buckets/piaa-prod/notificationConfigs/1",
      objectGeneration: "1764151200123456",
      objectId: LC,
      payloadFormat: "JSON_API_V1",
    },
    data: Buffer.from(JSON.stringify({ kind: "storage#object", name: LC, bucket: "piaa-prod", generation: "1764151200123456", size: "1234" })).toString("base64"),
    messageId: "11562367385472893",
    message_id: "11562367385472893",
    publishTime: "2026-11-26T10:00:00.2Z",
    publish_time: "2026-11-26T10:00:00.2Z",
  },
  subscription: "projects/piaa/subscriptions/lc-push",
};

describe("parsePubsubPush", () => {
  it("reads the storage event from a Google-shaped push body", () => {
    expect(parsePubsubPush(googleShaped)).toEqual({ messageId: "11562367385472893", eventType: "OBJECT_FINALIZE", bucket: "piaa-prod", object: LC, generation: "1764151200123456" });
  });

  it("accepts payloadFormat NONE (no data)", () => {
    const { data: _data, ...message } = googleShaped.message;
    expect(parsePubsubPush({ ...googleShaped, message: { ...message, attributes: { ...message.attributes, payloadFormat: "NONE" } } }).object).toBe(LC);
  });

  it.each([
    ["data that is not base64", { data: "%%%" }, /not base64/],
    ["data that is not JSON", { data: Buffer.from("nope").toString("base64") }, /base64-encoded JSON/],
    ["an empty messageId", { messageId: "" }, /messageId/],
  ])("rejects %s", (_case, override, reason) => {
    const parse = () => parsePubsubPush({ ...googleShaped, message: { ...googleShaped.message, ...override } });
    expect(parse).toThrow(InvalidRequestError);
    expect(parse).toThrow(reason);
  });
});

describe("buildPubsubPush", () => {
  it("builds what parsePubsubPush reads back, with the object resource in data", () => {
    const envelope = buildPubsubPush({ messageId: "m1", eventType: "OBJECT_DELETE", bucket: "local", object: LC, generation: "42", resource: { size: "10" } });
    expect(parsePubsubPush(JSON.parse(JSON.stringify(envelope)))).toEqual({ messageId: "m1", eventType: "OBJECT_DELETE", bucket: "local", object: LC, generation: "42" });
    expect(JSON.parse(Buffer.from(envelope.message.data!, "base64").toString("utf8"))).toEqual({ kind: "storage#object", size: "10", name: LC, bucket: "local", generation: "42" });
    expect(envelope.message.attributes).toMatchObject({ payloadFormat: "JSON_API_V1", bucketId: "local", objectId: LC, objectGeneration: "42" });
  });
});
