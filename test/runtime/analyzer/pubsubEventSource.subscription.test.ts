/**
 * The cloud analyzer's subscription (pubsubEventSource.ts) with a stand-in client: which
 * subscription it pulls with which flow control, what it does with each message and with the
 * client's errors, and that stop closes the stream. The stand-in is an EventEmitter with close(),
 * which is what the real Subscription is (checked below against @google-cloud/pubsub itself,
 * offline: a real subscription opens its stream only once a "message" listener is added).
 */
import { EventEmitter } from "node:events";
import { PubSub, type Subscription } from "@google-cloud/pubsub";
import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_MESSAGES } from "../../../runtime/analyzer/config.js";
import { pubsubEventSource } from "../../../runtime/analyzer/pubsubEventSource.js";
import type { StarEvent } from "../../../runtime/analyzer/starScheduler.js";
import { createLogger } from "../../../runtime/core/logging.js";
import { masterLightCurveChunkName, masterLightCurveName } from "../../../runtime/core/objectNames.js";

const NAME = "projects/piaa-dev/subscriptions/piaa-analyzer";
const BUCKET = "piaa-dev-data";
const PIC = "PIC_J01000000+100000";

class StandInSubscription extends EventEmitter {
  closed = 0;
  async close(): Promise<void> {
    this.closed += 1;
  }
}

function standInClient() {
  const subscriptions: { name: string; options: unknown; subscription: StandInSubscription }[] = [];
  const client = {
    subscription(name: string, options?: unknown) {
      const subscription = new StandInSubscription();
      subscriptions.push({ name, options, subscription });
      return subscription as unknown as Subscription;
    },
  };
  return { client, subscriptions };
}

function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  return { lines, logger: createLogger({ service: "analyzer", level: "info", destination: { write: (line: string) => void lines.push(JSON.parse(line)) } }) };
}

function message(objectId: string, bucketId = BUCKET) {
  const settled: string[] = [];
  return { attributes: { bucketId, objectId, eventType: "OBJECT_FINALIZE", objectGeneration: "5" }, settled, ack: () => void settled.push("ack"), nack: () => void settled.push("nack") };
}

describe("the analyzer's Pub/Sub subscription", () => {
  it.each([
    [3, 3],
    [undefined, DEFAULT_MAX_MESSAGES],
  ])("pulls the named subscription holding at most %s messages (%s), with no excess batch beyond them", async (maxMessages, held) => {
    const { client, subscriptions } = standInClient();
    await pubsubEventSource({ subscription: NAME, bucket: BUCKET, logger: capturedLogger().logger, maxMessages, client }).start(() => undefined);
    expect(subscriptions.map(({ name, options }) => ({ name, options }))).toEqual([
      { name: NAME, options: { flowControl: { maxMessages: held, allowExcessMessages: false } } },
    ]);
  });

  it("turns this bucket's MLC notifications into star events that settle the message, and acknowledges the rest at once", async () => {
    const { client, subscriptions } = standInClient();
    const events: StarEvent[] = [];
    await pubsubEventSource({ subscription: NAME, bucket: BUCKET, logger: capturedLogger().logger, client }).start((event) => events.push(event));
    const subscription = subscriptions[0]!.subscription;
    const mlc = message(masterLightCurveName(PIC));
    const chunk = message(masterLightCurveChunkName(PIC, "0123456789abcdef"));
    const otherBucket = message(masterLightCurveName(PIC), "someone-elses-bucket");
    for (const m of [mlc, chunk, otherBucket]) subscription.emit("message", m);

    expect(events.map((event) => event.pic)).toEqual([PIC]);
    expect(mlc.settled).toEqual([]); // held (its deadline extended by the client) until the star's run ends
    events[0]!.nack();
    expect(mlc.settled).toEqual(["nack"]);
    expect(chunk.settled).toEqual(["ack"]);
    expect(otherBucket.settled).toEqual(["ack"]);
  });

  it("logs the client's errors at ERROR instead of letting an unhandled 'error' event end the process", async () => {
    const { client, subscriptions } = standInClient();
    const { lines, logger } = capturedLogger();
    await pubsubEventSource({ subscription: NAME, bucket: BUCKET, logger, client }).start(() => undefined);
    expect(() => subscriptions[0]!.subscription.emit("error", new Error("7 PERMISSION_DENIED: subscriber role missing"))).not.toThrow();
    expect(lines).toEqual([expect.objectContaining({ severity: "ERROR", err: expect.objectContaining({ message: "7 PERMISSION_DENIED: subscriber role missing" }) })]);
  });

  it("closes the subscription on stop, and stops cleanly when it never started", async () => {
    const { client, subscriptions } = standInClient();
    await pubsubEventSource({ subscription: NAME, bucket: BUCKET, logger: capturedLogger().logger, client }).stop();
    const source = pubsubEventSource({ subscription: NAME, bucket: BUCKET, logger: capturedLogger().logger, client });
    await source.start(() => undefined);
    await source.stop();
    expect(subscriptions.map(({ subscription }) => subscription.closed)).toEqual([1]);
  });

  it("stands in for what the real client returns: an EventEmitter named by the full path, with close()", async () => {
    const real = new PubSub({ projectId: "piaa-dev" }).subscription(NAME, { flowControl: { maxMessages: 3, allowExcessMessages: false } });
    expect(real).toBeInstanceOf(EventEmitter);
    expect(real.name).toBe(NAME);
    expect(typeof real.close).toBe("function");
    expect(real.listenerCount("message")).toBe(0); // nothing opened: no network
  });
});
