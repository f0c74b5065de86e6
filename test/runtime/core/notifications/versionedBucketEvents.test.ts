/**
 * What reaches the combiner from the notifications Cloud Storage publishes, on PIAA's versioned
 * data bucket (infra/components/dataBucket.ts) and on an unversioned one. On a versioned bucket a
 * deleted or replaced live version is reported as OBJECT_ARCHIVE, never OBJECT_DELETE
 * (https://cloud.google.com/storage/docs/pubsub-notifications#events), so a segment deletion must
 * reach the combiner through OBJECT_ARCHIVE.
 */
import { describe, expect, it } from "vitest";
import { buildPubsubPush, parsePubsubPush } from "../../../../runtime/core/notifications/pubsubPush.js";
import { routeStorageEvent } from "../../../../runtime/core/notifications/storageEvent.js";
import type { SegmentEvent } from "../../../../runtime/core/notifications/segmentEvent.js";
import { GcsObjectStore } from "../../../../runtime/core/store/gcsObjectStore.js";
import { startFakeGcsServer, type StorageNotification } from "../store/fakeGcsServer.js";

const LC = "LC/PIC_J0326137+295015/PAN001/123456/2016-07-24T10:41:10.772000.json";
const PSC = "PSC/PAN001/123456/2016-07-24T10:41:10.772000/PIC_J0326137+295015.fits";

/** Each notification as the proxy receives it: a Pub/Sub push body, through JSON. */
function forwarded(notifications: StorageNotification[]): SegmentEvent[] {
  return notifications.flatMap((notification, i) => {
    const push = buildPubsubPush({ messageId: `m${i}`, ...notification });
    const route = routeStorageEvent(parsePubsubPush(JSON.parse(JSON.stringify(push))));
    return route.forward ? [route.segment] : [];
  });
}

async function segmentLifeOn(versioned: boolean) {
  const server = await startFakeGcsServer({ versioned });
  try {
    const store = new GcsObjectStore({ bucket: "piaa-events", apiEndpoint: server.endpoint });
    const first = await store.put(LC, Buffer.from("[1]"));
    const second = await store.put(LC, Buffer.from("[2]"));
    await store.delete(LC, { ifGenerationMatch: second.generation });
    const psc = await store.put(PSC, Buffer.alloc(2880));
    await store.delete(PSC);
    return { generations: [first.generation, second.generation, psc.generation], notifications: server.notifications };
  } finally {
    await server.close();
  }
}

describe("segment changes reaching the combiner", () => {
  it.each([
    ["versioned (production)", true, "OBJECT_ARCHIVE"],
    ["unversioned", false, "OBJECT_DELETE"],
  ])("are the same on a %s bucket: each replaced or deleted generation is removed by generation", async (_bucket, versioned, retiredAs) => {
    const { generations, notifications } = await segmentLifeOn(versioned);
    const [g1, g2] = generations;
    expect(notifications.filter((n) => n.object === LC).map((n) => n.eventType)).toEqual(["OBJECT_FINALIZE", retiredAs, "OBJECT_FINALIZE", retiredAs]);
    expect(forwarded(notifications)).toEqual([
      { bucket: "piaa-events", object: LC, generation: g1, eventType: "OBJECT_FINALIZE" },
      { bucket: "piaa-events", object: LC, generation: g1, eventType: "OBJECT_DELETE" },
      { bucket: "piaa-events", object: LC, generation: g2, eventType: "OBJECT_FINALIZE" },
      { bucket: "piaa-events", object: LC, generation: g2, eventType: "OBJECT_DELETE" },
    ]);
  });

  it("drops event types that change no segment (OBJECT_METADATA_UPDATE)", () => {
    expect(routeStorageEvent({ messageId: "m", eventType: "OBJECT_METADATA_UPDATE", bucket: "b", object: LC, generation: "1" })).toEqual({
      forward: false,
      reason: "event type OBJECT_METADATA_UPDATE does not change a segment",
    });
  });

  it("drops an OBJECT_ARCHIVE without a generation: it could not say which version left", () => {
    expect(routeStorageEvent({ messageId: "m", eventType: "OBJECT_ARCHIVE", bucket: "b", object: LC })).toEqual({
      forward: false,
      reason: expect.stringMatching(/generation/),
    });
  });
});
