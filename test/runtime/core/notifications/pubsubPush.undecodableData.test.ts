/**
 * A push whose `data` is well-formed base64 but does not decode to JSON (a payload another
 * publisher put on the topic, or a truncated one): the 400 names `message.data`, the field the
 * sender must fix (https://cloud.google.com/pubsub/docs/push#receive_push: data is base64).
 */
import { describe, expect, it } from "vitest";
import { InvalidRequestError } from "../../../../runtime/core/errors.js";
import { parsePubsubPush } from "../../../../runtime/core/notifications/pubsubPush.js";

const LC = "LC/PIC_J0326137+295015/PAN001/123456/2016-07-24T10:41:10.772000.json";
const attributes = { bucketId: "piaa-prod", eventType: "OBJECT_FINALIZE", objectId: LC, payloadFormat: "JSON_API_V1" };

describe("parsePubsubPush with base64 data that is not JSON", () => {
  it.each([
    ["plain text", Buffer.from("not json at all").toString("base64")],
    ["truncated JSON", Buffer.from(`{"name": "${LC}"`).toString("base64")],
  ])("refuses %s naming message.data", (_case, data) => {
    let refusal: unknown;
    try {
      parsePubsubPush({ message: { attributes, data, messageId: "m1" } });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(InvalidRequestError);
    expect((refusal as InvalidRequestError).objectName).toBe("message.data");
    expect((refusal as InvalidRequestError).message).toBe("invalid request: message.data: is not base64-encoded JSON");
  });
});
