/**
 * Which Cloud Storage notifications the cloud analyzer turns into star events. A notification's
 * attributes name the bucket and object (https://cloud.google.com/storage/docs/pubsub-notifications#attributes);
 * the subscription's MLC/ prefix also carries the MLC's chunk objects and, shared with another
 * bucket's notification config, could carry another bucket's, so only this bucket's MLC documents
 * make events. (The subscription itself needs Pub/Sub: not run here.)
 */
import { describe, expect, it } from "vitest";
import { starEventOfNotification } from "../../../runtime/analyzer/pubsubEventSource.js";
import { lightCurveName, masterLightCurveChunkName, masterLightCurveName } from "../../../runtime/core/objectNames.js";

const PIC = "PIC_J01000000+100000";
const BUCKET = "piaa-dev-data";

function notification(attributes: Record<string, string>): { attributes: Record<string, string>; acks: string[]; ack(): void; nack(): void } {
  const acks: string[] = [];
  return { attributes, acks, ack: () => void acks.push("ack"), nack: () => void acks.push("nack") };
}

describe("starEventOfNotification", () => {
  it("makes an event of this bucket's MLC document, passing ack and nack through to the message", () => {
    const message = notification({ bucketId: BUCKET, objectId: masterLightCurveName(PIC), eventType: "OBJECT_FINALIZE", objectGeneration: "7" });
    const event = starEventOfNotification(message, BUCKET);
    expect(event?.pic).toBe(PIC);
    event!.ack();
    event!.nack();
    expect(message.acks).toEqual(["ack", "nack"]);
  });

  it.each([
    ["another bucket's MLC", { bucketId: "piaa-prod-data", objectId: masterLightCurveName(PIC) }],
    ["an MLC chunk", { bucketId: BUCKET, objectId: masterLightCurveChunkName(PIC, "0123456789abcdef") }],
    ["a light-curve segment", { bucketId: BUCKET, objectId: lightCurveName({ unit: "PAN001", camera: "143200", start: "2016-07-24T10:41:10.772000", pic: PIC }) }],
    ["an object name that is not PIAA's", { bucketId: BUCKET, objectId: "notes/readme.txt" }],
    ["no object", { bucketId: BUCKET }],
    ["no bucket", { objectId: masterLightCurveName(PIC) }],
  ])("makes no event of %s", (_what, attributes) => {
    const message = notification(attributes);
    expect(starEventOfNotification(message, BUCKET)).toBeUndefined();
    expect(message.acks).toEqual([]);
  });
});
