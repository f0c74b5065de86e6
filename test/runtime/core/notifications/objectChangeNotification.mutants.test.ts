/**
 * The legacy Object Change Notification channel (objectChangeNotification.ts), against the
 * headers and body GCS sends (https://cloud.google.com/storage/docs/object-change-notification).
 */
import { describe, expect, it } from "vitest";
import { InvalidRequestError, UnauthorizedError } from "../../../../runtime/core/errors.js";
import { checkChannelToken, parseObjectChangeNotification, tokensEqual } from "../../../../runtime/core/notifications/objectChangeNotification.js";

const TOKEN = "channel-token-0123456789";
const OBJECT = { name: "LC/PIC_J0326137+295015/PAN001/108715/2016-07-02T09:18:28.837000.json", bucket: "piaa-data", generation: "1469356870772000" };

describe("checkChannelToken", () => {
  it("accepts the channel's token, in either header case or as a repeated header", () => {
    checkChannelToken({ "x-goog-channel-token": TOKEN }, TOKEN);
    checkChannelToken({ "x-goog-channel-token": [TOKEN, "other"] }, TOKEN);
  });

  it("refuses a missing token and a wrong one, saying which", () => {
    expect(() => checkChannelToken({}, TOKEN)).toThrow(new UnauthorizedError("ocn", "missing X-Goog-Channel-Token"));
    expect(() => checkChannelToken({ "x-goog-channel-token": `${TOKEN}x` }, TOKEN)).toThrow("unauthorized: X-Goog-Channel-Token does not match");
    expect(() => checkChannelToken({ "x-goog-channel-token": "" }, TOKEN)).toThrow(UnauthorizedError);
    for (const headers of [{}, { "x-goog-channel-token": "wrong" }]) {
      try {
        checkChannelToken(headers, TOKEN);
      } catch (error) {
        expect((error as UnauthorizedError).objectName).toBe("ocn");
      }
    }
  });

  it("compares tokens of equal length byte by byte", () => {
    expect(tokensEqual("abcd", "abcd")).toBe(true);
    expect(tokensEqual("abce", "abcd")).toBe(false);
    expect(tokensEqual("abc", "abcd")).toBe(false);
  });
});

describe("parseObjectChangeNotification", () => {
  const headers = (state: string | undefined) => ({
    "x-goog-channel-id": "piaa-channel",
    "x-goog-message-number": "42",
    ...(state === undefined ? {} : { "x-goog-resource-state": state }),
  });

  it("reads a sync message, identified by channel and message number", () => {
    expect(parseObjectChangeNotification(headers("sync"), undefined)).toEqual({ kind: "sync", messageId: "piaa-channel/42" });
  });

  it("reads exists as a finalize and not_exists as a delete, with the generation", () => {
    expect(parseObjectChangeNotification(headers("exists"), OBJECT)).toEqual({
      kind: "change",
      event: { messageId: "piaa-channel/42", eventType: "OBJECT_FINALIZE", bucket: "piaa-data", object: OBJECT.name, generation: OBJECT.generation },
    });
    const deleted = parseObjectChangeNotification(headers("not_exists"), OBJECT);
    expect(deleted.kind === "change" && deleted.event.eventType).toBe("OBJECT_DELETE");
  });

  it("leaves the generation out when the resource has none, and stands in for missing ids", () => {
    const { generation: _, ...withoutGeneration } = OBJECT;
    expect(parseObjectChangeNotification({ "x-goog-resource-state": "exists" }, withoutGeneration)).toEqual({
      kind: "change",
      event: { messageId: "channel/?", eventType: "OBJECT_FINALIZE", bucket: "piaa-data", object: OBJECT.name },
    });
  });

  it.each<[string, Record<string, string>, unknown, string]>([
    ["an unknown state", headers("gone"), OBJECT, 'invalid request: X-Goog-Resource-State: "gone" is not sync, exists or not_exists'],
    ["no state", headers(undefined), OBJECT, "invalid request: X-Goog-Resource-State: null is not sync, exists or not_exists"],
    ["a body that is not an object", headers("exists"), "text", "invalid request: body: is not an object resource"],
    ["a null body", headers("exists"), null, "invalid request: body: is not an object resource"],
    ["an array body", headers("exists"), [OBJECT], "invalid request: body: is not an object resource"],
    ["no name", headers("exists"), { ...OBJECT, name: undefined }, "invalid request: body.name: missing"],
    ["an empty name", headers("exists"), { ...OBJECT, name: "" }, "invalid request: body.name: missing"],
    ["a numeric name", headers("exists"), { ...OBJECT, name: 7 }, "invalid request: body.name: missing"],
    ["no bucket", headers("exists"), { ...OBJECT, bucket: undefined }, "invalid request: body.bucket: is required"],
    ["a numeric generation", headers("exists"), { ...OBJECT, generation: 1469356870772000 }, "invalid request: body.generation: must be a positive decimal generation"],
  ])("refuses %s, naming the field", (_, given, body, message) => {
    const parse = () => parseObjectChangeNotification(given, body);
    expect(parse).toThrow(InvalidRequestError);
    expect(parse).toThrow(message);
  });
});
