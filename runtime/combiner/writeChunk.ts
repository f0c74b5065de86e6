/**
 * Writing an MLC chunk before the document that lists it. Chunks are create-only and named by a
 * hash of their content, so when the object already exists it holds these very bytes (a batch
 * retried after a lost compare-and-swap, or another replica that rolled over the same tail) and
 * is reused. `piaa reconcile` deletes unlisted chunks older than a grace period (at least a
 * minute); a reused chunk older than REFRESH_AFTER_MS is rewritten (same bytes, new time) so that
 * it cannot be collected between now and the document write, which follows within seconds.
 */
import { PreconditionFailedError } from "../core/errors.js";
import type { EncodedChunk } from "../core/masterLightCurveChunk.js";
import type { ObjectStore } from "../core/store/objectStore.js";

/** Unlisted chunks younger than this are never deleted: a batch may be about to list them. */
export const DEFAULT_CHUNK_GRACE_MS = 60 * 60 * 1000;
/** A reused chunk older than this is rewritten: well under the shortest grace period, one minute. */
export const REFRESH_AFTER_MS = 20 * 1000;

export async function writeChunk(store: ObjectStore, chunk: EncodedChunk, now = Date.now()): Promise<void> {
  const options = { contentType: "application/json" };
  try {
    await store.put(chunk.name, chunk.bytes, { ...options, ifGenerationMatch: "0" });
  } catch (error) {
    if (!(error instanceof PreconditionFailedError)) throw error;
    const existing = await store.stat(chunk.name);
    if (now - existing.updated.getTime() < REFRESH_AFTER_MS) return;
    await store.put(chunk.name, chunk.bytes, { ...options, ifGenerationMatch: existing.generation });
  }
}
