/**
 * One validation of the notification shape for proxy and combiner: whatever envelope the proxy
 * accepts and forwards, the combiner's request parser accepts (property test over hostile
 * generations, bucket names and object names), and the probe's malformed values are refused on
 * both sides.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSegmentRequest } from "../../../../runtime/combiner/segmentRequest.js";
import { InvalidRequestError } from "../../../../runtime/core/errors.js";
import { buildPubsubPush, parsePubsubPush } from "../../../../runtime/core/notifications/pubsubPush.js";
import { parseObjectChangeNotification } from "../../../../runtime/core/notifications/objectChangeNotification.js";
import { generationSchema, parseSegmentEvent } from "../../../../runtime/core/notifications/segmentEvent.js";
import { routeStorageEvent, type StorageEvent } from "../../../../runtime/core/notifications/storageEvent.js";

const LC = "LC/PIC_J0326137+295015/PAN001/123456/2016-07-24T10:41:10.772000.json";
/** The combiner serving gs://piaa-prod compares bucket names; a filesystem one does not. */
const gcsStore = { url: "gs://piaa-prod", bucket: "piaa-prod" };
const fsStore = { url: "file:///tmp/piaa", bucket: "piaa" };

describe("generationSchema", () => {
  it.each(["1", "1469356870772000", "9223372036854775807"])("accepts %s", (generation) => {
    expect(generationSchema.safeParse(generation).success).toBe(true);
  });
  it.each(["0", "00001", "-1", "1.5", "1e3", " 1", "99999999999999999999", "9223372036854775808", ""])("refuses %j", (generation) => {
    expect(generationSchema.safeParse(generation).success).toBe(false);
  });
});

describe("parseSegmentEvent", () => {
  it.each([
    ["generation 0", { generation: "0" }, /generation: must be a positive decimal generation/],
    ["generation 00001", { generation: "00001" }, /generation: must be a positive decimal generation/],
    ["generation 99999999999999999999", { generation: "99999999999999999999" }, /generation: must be a positive decimal generation/],
    ["a numeric generation", { generation: 5 }, /generation: must be a positive decimal generation/],
    ["a 223-character bucket", { bucket: "b".repeat(223) }, /bucket: is longer than a bucket name can be/],
    ["an unknown field", { size: "3" }, /unknown field\(s\) "size"/],
    ["an unknown event type", { eventType: "OBJECT_ARCHIVE" }, /eventType/],
  ])("refuses %s naming the field", (_case, fields, reason) => {
    expect(() => parseSegmentEvent({ bucket: "piaa-prod", object: LC, ...fields })).toThrow(reason);
  });

  it("defaults the event type and leaves out an absent generation", () => {
    expect(parseSegmentEvent({ bucket: "piaa-prod", object: LC })).toEqual({ bucket: "piaa-prod", object: LC, eventType: "OBJECT_FINALIZE" });
  });
});

describe("what the proxy forwards, the combiner accepts", () => {
  const generation = fc.oneof(fc.stringMatching(/^-?\d{1,22}$/), fc.constantFrom("0", "00001", "99999999999999999999", "9223372036854775807", "9223372036854775808"), fc.string());
  const bucket = fc.oneof(fc.constant("piaa-prod"), fc.string({ minLength: 0, maxLength: 260 }), fc.constant("b".repeat(222)), fc.constant("b".repeat(223)));
  const object = fc.oneof(fc.constant(LC), fc.constant("LC/PIC_J0326137+295015/PAN001/123456/x.json"), fc.constant("MLC/PIC_J0326137+295015.json"), fc.string());
  const eventType = fc.constantFrom("OBJECT_FINALIZE", "OBJECT_DELETE", "OBJECT_ARCHIVE");

  /** Parses as the proxy does; InvalidRequestError (400 at the edge) is the only refusal allowed. */
  const forwarded = (parse: () => StorageEvent) => {
    let event: StorageEvent;
    try {
      event = parse();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidRequestError);
      return undefined;
    }
    const route = routeStorageEvent(event);
    return route.forward ? route.segment : undefined;
  };

  it("over Pub/Sub push envelopes", () => {
    fc.assert(
      fc.property(generation, bucket, object, eventType, (g, b, o, t) => {
        const envelope = buildPubsubPush({ messageId: "m", eventType: t, bucket: b, object: o, generation: g });
        const segment = forwarded(() => parsePubsubPush(envelope));
        if (segment === undefined) return;
        // The wire carries JSON: what the combiner parses is the serialized segment.
        const body: unknown = JSON.parse(JSON.stringify(segment));
        expect(() => parseSegmentRequest(body, fsStore)).not.toThrow();
        if (segment.bucket === gcsStore.bucket) expect(() => parseSegmentRequest(body, gcsStore)).not.toThrow();
      }),
      { numRuns: 2000 },
    );
  });

  it("over OCN notifications", () => {
    fc.assert(
      fc.property(generation, bucket, object, fc.constantFrom("exists", "not_exists"), (g, b, o, state) => {
        const segment = forwarded(() => {
          const notification = parseObjectChangeNotification({ "x-goog-resource-state": state }, { name: o, bucket: b, generation: g });
          if (notification.kind !== "change") throw new Error("expected a change");
          return notification.event;
        });
        if (segment !== undefined) expect(() => parseSegmentRequest(JSON.parse(JSON.stringify(segment)), fsStore)).not.toThrow();
      }),
      { numRuns: 2000 },
    );
  });
});
