/**
 * The legacy Object Change Notification channel (`gsutil notification watchbucket`), as the 2016
 * system used it (https://cloud.google.com/storage/docs/object-change-notification): GCS POSTs to
 * the channel address with headers
 *   X-Goog-Channel-Id, X-Goog-Channel-Token (the token given to watchbucket), X-Goog-Resource-Id,
 *   X-Goog-Resource-State: sync (channel opened) | exists (object created or overwritten)
 *                          | not_exists (object deleted), X-Goog-Message-Number
 * and, for exists/not_exists, the object's JSON API resource as the body.
 */
import { timingSafeEqual } from "node:crypto";
import { InvalidRequestError, UnauthorizedError } from "../errors.js";
import { bucketNameSchema, checkedField, generationSchema, OBJECT_DELETE, OBJECT_FINALIZE } from "./segmentEvent.js";
import type { StorageEvent } from "./storageEvent.js";

export type OcnNotification = { kind: "sync"; messageId: string } | { kind: "change"; event: StorageEvent };

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Constant-time comparison, so the channel token cannot be guessed byte by byte from timings. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Checks the channel token (401), from the headers alone: before any byte of the body is read. */
export function checkChannelToken(headers: Headers, channelToken: string): void {
  const token = header(headers, "X-Goog-Channel-Token");
  if (token === undefined) throw new UnauthorizedError("ocn", "missing X-Goog-Channel-Token");
  if (!tokensEqual(token, channelToken)) throw new UnauthorizedError("ocn", "X-Goog-Channel-Token does not match");
}

/** Parses a notification whose channel token was checked; 400 when malformed. */
export function parseObjectChangeNotification(headers: Headers, body: unknown): OcnNotification {
  const messageId = `${header(headers, "X-Goog-Channel-Id") ?? "channel"}/${header(headers, "X-Goog-Message-Number") ?? "?"}`;
  const state = header(headers, "X-Goog-Resource-State");
  if (state === "sync") return { kind: "sync", messageId };
  if (state !== "exists" && state !== "not_exists") {
    throw new InvalidRequestError("X-Goog-Resource-State", `${JSON.stringify(state ?? null)} is not sync, exists or not_exists`);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new InvalidRequestError("body", "is not an object resource");
  const { name, bucket, generation } = body as Record<string, unknown>;
  if (typeof name !== "string" || name === "") throw new InvalidRequestError("body.name", "missing");
  const event: StorageEvent = {
    messageId,
    eventType: state === "exists" ? OBJECT_FINALIZE : OBJECT_DELETE,
    bucket: checkedField(bucketNameSchema, bucket, "body.bucket"),
    object: name,
  };
  if (generation !== undefined) event.generation = checkedField(generationSchema, generation, "body.generation");
  return { kind: "change", event };
}
