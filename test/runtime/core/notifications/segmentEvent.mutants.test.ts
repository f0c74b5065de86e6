/** The combiner's `POST /v1/segments` body (segmentEvent.ts) and the routing of storage events (storageEvent.ts): refusals that name the field, the reasons for dropping. */
import { describe, expect, it } from "vitest";
import { InvalidRequestError } from "../../../../runtime/core/errors.js";
import { checkedField, generationSchema, parseSegmentEvent } from "../../../../runtime/core/notifications/segmentEvent.js";
import { routeStorageEvent } from "../../../../runtime/core/notifications/storageEvent.js";

const LC = "LC/PIC_J0326137+295015/PAN001/123456/2016-07-24T10:41:10.772000.json";
const refusal = (body: unknown): InvalidRequestError => {
  try {
    parseSegmentEvent(body);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    return error as InvalidRequestError;
  }
  throw new Error("expected a refusal");
};

describe("parseSegmentEvent", () => {
  it.each([null, [], "text", 7])("refuses the body %j, saying what it must be", (body) => {
    expect(refusal(body).message).toBe("invalid request: body: must be a JSON object {bucket, object, generation?, eventType?} sent as application/json");
  });

  it("says a missing field is required, and an empty one what it must be", () => {
    expect(refusal({ object: LC }).message).toBe("invalid request: bucket: is required");
    expect(refusal({ bucket: "b" }).message).toBe("invalid request: object: is required");
    expect(refusal({ bucket: "", object: LC }).message).toBe("invalid request: bucket: must be a bucket name");
    expect(refusal({ bucket: "b", object: "" }).message).toBe("invalid request: object: must be an object name");
  });

  it("lists every unknown field", () => {
    expect(refusal({ bucket: "b", object: LC, size: 1, crc: "x" }).message).toBe('invalid request: body: unknown field(s) "size", "crc"');
  });

  it("keeps a given generation and event type", () => {
    expect(parseSegmentEvent({ bucket: "b", object: LC, generation: "7", eventType: "OBJECT_DELETE" })).toEqual({ bucket: "b", object: LC, generation: "7", eventType: "OBJECT_DELETE" });
  });
});

describe("checkedField", () => {
  it("returns the value, or names the field: required when absent, the schema's message otherwise", () => {
    expect(checkedField(generationSchema, "12", "g")).toBe("12");
    expect(() => checkedField(generationSchema, undefined, "g")).toThrow(new InvalidRequestError("g", "is required"));
    expect(() => checkedField(generationSchema, 12, "g")).toThrow('invalid request: g: must be a positive decimal generation in a string, like "1469356870772000"');
  });
});

describe("routeStorageEvent: the reasons for dropping", () => {
  const event = (fields: object) => ({ messageId: "m1", eventType: "OBJECT_FINALIZE", bucket: "b", object: LC, ...fields });

  it("drops an archive without a generation", () => {
    expect(routeStorageEvent(event({ eventType: "OBJECT_ARCHIVE" }))).toEqual({ forward: false, reason: "OBJECT_ARCHIVE without a generation names no version" });
  });

  it("names the event type it does not forward", () => {
    expect(routeStorageEvent(event({ eventType: "OBJECT_METADATA_UPDATE" }))).toEqual({ forward: false, reason: "event type OBJECT_METADATA_UPDATE does not change a segment" });
  });

  it("gives the name parser's reason for an object that is no PIAA name, and names a non-segment", () => {
    const route = routeStorageEvent(event({ object: "random/file.txt" }));
    expect(route.forward).toBe(false);
    expect(!route.forward && route.reason).toMatch(/^invalid object name "random\/file\.txt": /);
    expect(routeStorageEvent(event({ object: "MLC/PIC_J0326137+295015.json" }))).toEqual({ forward: false, reason: "MLC/PIC_J0326137+295015.json is not a light-curve segment" });
  });

  it("forwards a segment without a generation as the current one", () => {
    expect(routeStorageEvent(event({ eventType: "OBJECT_DELETE" }))).toEqual({ forward: true, segment: { bucket: "b", object: LC, eventType: "OBJECT_DELETE" } });
  });
});
