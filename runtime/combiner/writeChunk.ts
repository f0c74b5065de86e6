/**
 * Writing MLC chunks around the document that lists them. Chunks are create-only and named by a
 * hash of their content, so when the object already exists it holds these very bytes (a batch
 * retried after a lost compare-and-swap, or another replica that rolled over the same tail) and
 * is reused as it is.
 *
 * `piaa reconcile` deletes chunks that the document does not list, and may delete one just
 * before a batch's document lists it. No grace period can rule that out (a batch may stall for
 * longer than any), so both sides check after the fact, and the check of one side always sees
 * what the other did: the writer, after its document write, stats the chunks it listed and puts
 * back any that is gone; the collector, after its deletes, reads the document again and puts
 * back any deleted chunk it now lists (reconcile.ts). If the collector's delete came after the
 * writer's stat, the document listing the chunk was written before the collector's re-read.
 */
import { NotFoundError, PreconditionFailedError } from "../core/errors.js";
import type { EncodedChunk } from "../core/masterLightCurveChunk.js";
import type { ObjectStore } from "../core/store/objectStore.js";

/**
 * Unlisted chunks younger than this are not collected: not for safety (see above) but so that
 * a chunk about to be listed is not deleted and put back for nothing.
 */
export const DEFAULT_CHUNK_GRACE_MS = 60 * 60 * 1000;

/** Creates the chunk unless it exists (then it holds the same bytes). */
export async function writeChunk(store: ObjectStore, chunk: Pick<EncodedChunk, "name" | "bytes">): Promise<void> {
  try {
    await store.put(chunk.name, chunk.bytes, { ifGenerationMatch: "0", contentType: "application/json" });
  } catch (error) {
    if (!(error instanceof PreconditionFailedError)) throw error;
  }
}

/** After the document listing `chunks` was written: puts back any chunk collected meanwhile. */
export async function ensureChunksStored(store: ObjectStore, chunks: readonly Pick<EncodedChunk, "name" | "bytes">[]): Promise<void> {
  for (const chunk of chunks) {
    try {
      await store.stat(chunk.name);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      await writeChunk(store, chunk);
    }
  }
}
