import { describe, expect, it } from "vitest";
import { routeStorageEvent } from "../../../../runtime/core/notifications/storageEvent.js";

const LC = "LC/PIC_J0326137+295015/PAN001/123456/2016-07-24T10:41:10.772000.json";
const event = (eventType: string, object = LC) => ({ messageId: "m1", eventType, bucket: "piaa-test", object, generation: "1700000000000001" });

describe("routeStorageEvent", () => {
  it("forwards OBJECT_ARCHIVE (a versioned bucket's delete or overwrite) as a delete of that generation", () => {
    expect(routeStorageEvent(event("OBJECT_ARCHIVE"))).toEqual({
      forward: true,
      segment: { bucket: "piaa-test", object: LC, generation: "1700000000000001", eventType: "OBJECT_DELETE" },
    });
  });

  it("still forwards finalizes and deletes as they are, and drops metadata updates and non-LC objects", () => {
    expect(routeStorageEvent(event("OBJECT_FINALIZE"))).toMatchObject({ forward: true, segment: { eventType: "OBJECT_FINALIZE" } });
    expect(routeStorageEvent(event("OBJECT_DELETE"))).toMatchObject({ forward: true, segment: { eventType: "OBJECT_DELETE" } });
    expect(routeStorageEvent(event("OBJECT_METADATA_UPDATE"))).toMatchObject({ forward: false });
    expect(routeStorageEvent(event("OBJECT_ARCHIVE", "MLC/PIC_J0326137+295015.json"))).toMatchObject({ forward: false });
  });
});
