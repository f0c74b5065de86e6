/**
 * An event without a generation means "the object's current generation" (segmentEvent.ts): the
 * parsed event must not carry a `generation` key at all, so that `"generation" in event` and a
 * spread into another event (which would overwrite a generation with undefined) behave as absent.
 */
import { describe, expect, it } from "vitest";
import { parseSegmentEvent } from "../../../../runtime/core/notifications/segmentEvent.js";

const LC = "LC/PIC_J0326137+295015/PAN001/123456/2016-07-24T10:41:10.772000.json";

describe("parseSegmentEvent without a generation", () => {
  it("leaves the key out, not set to undefined", () => {
    const event = parseSegmentEvent({ bucket: "piaa-prod", object: LC, eventType: "OBJECT_DELETE" });
    expect(event).toStrictEqual({ bucket: "piaa-prod", object: LC, eventType: "OBJECT_DELETE" });
    expect("generation" in event).toBe(false);
    expect({ generation: "42", ...event }.generation).toBe("42");
  });
});
