/**
 * The analyzer's events in the cloud: Cloud Storage notifications (JSON_API_V1) of the data
 * bucket's MLC/ prefix, pulled from a Pub/Sub subscription with flow control, so a backlog is
 * taken on at the pace the analyzer works, and held messages have their ack deadline extended by
 * the client library until the star's run has finished.
 *
 * A notification's attributes name the object (https://cloud.google.com/storage/docs/pubsub-notifications#attributes:
 * bucketId, objectId, objectGeneration, eventType). The MLC/ prefix also holds the MLC's chunks:
 * a prefix is all a notification can filter on, so those events are acknowledged and dropped here.
 */
import { PubSub, type Message, type Subscription } from "@google-cloud/pubsub";
import type { Logger } from "pino";
import { DEFAULT_MAX_MESSAGES } from "./config.js";
import { starOfMasterLightCurve, type StarEventSource } from "./starEventSource.js";
import type { StarEvent } from "./starScheduler.js";

export interface PubsubEventSourceOptions {
  /** projects/{project}/subscriptions/{name}. */
  subscription: string;
  /** The bucket the notifications must be about (its name, as in `bucketId`). */
  bucket: string;
  logger: Logger;
  maxMessages?: number;
  /** The Pub/Sub client; by default one with Application Default Credentials. */
  client?: Pick<PubSub, "subscription">;
}

type NotificationMessage = Pick<Message, "attributes" | "ack" | "nack">;

/** The star event of a notification, or undefined when it is not about this bucket's MLC documents. */
export function starEventOfNotification(message: NotificationMessage, bucket: string): StarEvent | undefined {
  const { bucketId, objectId } = message.attributes;
  const pic = bucketId === bucket && objectId !== undefined ? starOfMasterLightCurve(objectId) : undefined;
  return pic === undefined ? undefined : { pic, ack: () => message.ack(), nack: () => message.nack() };
}

export function pubsubEventSource(options: PubsubEventSourceOptions): StarEventSource {
  let subscription: Subscription | undefined;
  return {
    async start(onEvent) {
      subscription = (options.client ?? new PubSub()).subscription(options.subscription, {
        flowControl: { maxMessages: options.maxMessages ?? DEFAULT_MAX_MESSAGES, allowExcessMessages: false },
      });
      subscription.on("message", (message: Message) => {
        const event = starEventOfNotification(message, options.bucket);
        if (event) onEvent(event);
        else message.ack();
      });
      subscription.on("error", (error: Error) => options.logger.error({ err: error }, "subscription error"));
    },
    async stop() {
      await subscription?.close();
    },
  };
}
