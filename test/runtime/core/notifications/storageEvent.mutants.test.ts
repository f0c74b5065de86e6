/**
 * routeStorageEvent's drop reasons and the generation it passes on (issue 20, mutation testing):
 * the reason of a dropped event is what the proxy logs and answers, so it names the event type or
 * the object; a segment keeps a generation only when the notification carried one.
 */
import { describe, expect, it } from "vitest";
import { routeStorageEvent, type StorageEvent } from "../../../../runtime/core/notifications/storageEvent.js";

const LC = "LC/PIC_J0326137+295015/PAN001/123456/2016-07-24T10:41:10.772000.json";
const event = (eventType: string, object = LC, generation?: string): StorageEvent => ({
  messageId: "m1",
  eventType,
  bucket: "piaa-test",
  object,
  ...(generation !== undefined && { generation }),
});

describe("routeStorageEvent", () => {
  it("forwards a finalize without a generation as a segment without one (the current generation)", () => {
    const route = routeStorageEvent(event("OBJECT_FINALIZE"));
    expect(route).toEqual({ forward: true, segment: { bucket: "piaa-test", object: LC, eventType: "OBJECT_FINALIZE" } });
  });

  it.each<[string, StorageEvent, string]>([
    ["an archive without a generation", event("OBJECT_ARCHIVE"), "OBJECT_ARCHIVE without a generation names no version"],
    ["a metadata update", event("OBJECT_METADATA_UPDATE", LC, "5"), "event type OBJECT_METADATA_UPDATE does not change a segment"],
    ["an MLC write", event("OBJECT_FINALIZE", "MLC/PIC_J0326137+295015.json", "5"), "MLC/PIC_J0326137+295015.json is not a light-curve segment"],
  ])("drops %s, saying why", (_what, dropped, reason) => {
    expect(routeStorageEvent(dropped)).toEqual({ forward: false, reason });
  });

  it("drops an object that is no PIAA name with the parser's reason, naming the object", () => {
    const route = routeStorageEvent(event("OBJECT_FINALIZE", "LC/not-a-pic/x.json", "5"));
    expect(route.forward).toBe(false);
    expect(route.forward === false && route.reason).toMatch(/^invalid object name "LC\/not-a-pic\/x\.json"/);
  });
});
