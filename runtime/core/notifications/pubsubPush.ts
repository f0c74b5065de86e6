/**
 * The Pub/Sub push envelope of a Cloud Storage notification, parsed (proxy) and built (local
 * delivery) in this one module so that both sides agree on the format.
 *
 * Push body (https://cloud.google.com/pubsub/docs/push#receive_push):
 *   {"message": {"attributes": {...}, "data": "<base64>", "messageId": "...", "publishTime": "..."},
 *    "subscription": "projects/P/subscriptions/S"}
 * Storage notification attributes (https://cloud.google.com/storage/docs/pubsub-notifications):
 * notificationConfig, eventType, payloadFormat, bucketId, objectId, objectGeneration, eventTime;
 * with payloadFormat JSON_API_V1 `data` is the object's JSON API resource, base64-encoded.
 */
import { z } from "zod";
import { InvalidRequestError } from "../errors.js";
import { bucketNameSchema, checkedField, generationSchema } from "./segmentEvent.js";
import type { StorageEvent } from "./storageEvent.js";

const pushEnvelopeSchema = z.object({
  message: z.object({
    attributes: z.record(z.string(), z.string()),
    data: z.string().optional(),
    messageId: z.string().min(1),
    publishTime: z.string().optional(),
  }),
  subscription: z.string().optional(),
});

export type PubsubPushEnvelope = z.infer<typeof pushEnvelopeSchema>;

function requiredAttribute(attributes: Record<string, string>, key: string): string {
  const value = attributes[key];
  if (value === undefined || value === "") throw new InvalidRequestError(`message.attributes.${key}`, "missing");
  return value;
}

/** The object resource carried in `data`, or undefined for payloadFormat NONE (empty data). */
function decodeResource(data: string | undefined): Record<string, unknown> | undefined {
  if (data === undefined || data === "") return undefined;
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(data)) throw new InvalidRequestError("message.data", "is not base64");
  let resource: unknown;
  try {
    resource = JSON.parse(Buffer.from(data, "base64").toString("utf8"));
  } catch {
    throw new InvalidRequestError("message.data", "is not base64-encoded JSON");
  }
  if (typeof resource !== "object" || resource === null || Array.isArray(resource)) {
    throw new InvalidRequestError("message.data", "is not a JSON object resource");
  }
  return resource as Record<string, unknown>;
}

/** Parses a push body into a StorageEvent; InvalidRequestError (400) names the faulty field. */
export function parsePubsubPush(body: unknown): StorageEvent {
  const parsed = pushEnvelopeSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InvalidRequestError(issue.path.join(".") || "body", issue.message);
  }
  const { attributes, data, messageId } = parsed.data.message;
  const event: StorageEvent = {
    messageId,
    eventType: requiredAttribute(attributes, "eventType"),
    bucket: checkedField(bucketNameSchema, requiredAttribute(attributes, "bucketId"), "message.attributes.bucketId"),
    object: requiredAttribute(attributes, "objectId"),
  };
  const generation = attributes.objectGeneration;
  if (generation !== undefined) event.generation = checkedField(generationSchema, generation, "message.attributes.objectGeneration");
  const resource = decodeResource(data);
  if (resource?.name !== undefined && resource.name !== event.object) {
    throw new InvalidRequestError("message.data", `names object ${JSON.stringify(resource.name)}, attributes name ${JSON.stringify(event.object)}`);
  }
  return event;
}

export interface PushEnvelopeInput {
  messageId: string;
  eventType: string;
  bucket: string;
  object: string;
  generation: string;
  /** Extra fields of the JSON API object resource (size, updated...). */
  resource?: Record<string, unknown>;
  subscription?: string;
  publishTime?: Date;
}

/** Builds the envelope Pub/Sub would push for a storage notification with payloadFormat JSON_API_V1. */
export function buildPubsubPush(input: PushEnvelopeInput): PubsubPushEnvelope {
  const publishTime = (input.publishTime ?? new Date()).toISOString();
  const resource = { kind: "storage#object", ...input.resource, name: input.object, bucket: input.bucket, generation: input.generation };
  return {
    message: {
      attributes: {
        notificationConfig: `projects/_/buckets/${input.bucket}/notificationConfigs/local`,
        eventType: input.eventType,
        payloadFormat: "JSON_API_V1",
        bucketId: input.bucket,
        objectId: input.object,
        objectGeneration: input.generation,
        eventTime: publishTime,
      },
      data: Buffer.from(JSON.stringify(resource)).toString("base64"),
      messageId: input.messageId,
      publishTime,
    },
    subscription: input.subscription ?? "projects/local/subscriptions/piaa-push",
  };
}
