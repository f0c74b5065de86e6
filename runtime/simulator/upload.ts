/**
 * Uploads generated objects with bounded concurrency, never overwriting: every put is conditional
 * on the object not existing (`ifGenerationMatch: "0"`), and an object already there is counted
 * as kept, not replaced. Objects are pulled from an iterable only as upload slots free up, so a
 * long run never holds more than `concurrency` objects in memory.
 */
import { PreconditionFailedError } from "../core/errors.js";
import type { ObjectStore } from "../core/store/objectStore.js";
import { forEachLimited } from "../core/forEachLimited.js";

export interface GeneratedObject {
  name: string;
  data: Buffer;
  contentType: string;
}

export interface UploadTally {
  uploaded: number;
  /** Objects that already existed and were left as they were. */
  kept: number;
  bytes: number;
}

/**
 * Puts every object of `objects` into `store`, at most `concurrency` at a time; `onObject` is
 * called after each one. Rejects with the first failure other than "already exists".
 */
export async function uploadAll(
  store: ObjectStore,
  objects: Iterable<GeneratedObject>,
  concurrency: number,
  onObject: (object: GeneratedObject, tally: UploadTally) => void = () => {},
): Promise<UploadTally> {
  const tally: UploadTally = { uploaded: 0, kept: 0, bytes: 0 };
  await forEachLimited(objects, concurrency, async (object) => {
    try {
      await store.put(object.name, object.data, { ifGenerationMatch: "0", contentType: object.contentType });
      tally.uploaded++;
      tally.bytes += object.data.length;
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
      tally.kept++;
    }
    onObject(object, tally);
  });
  return tally;
}
