/**
 * What a bucket holds of a star, for commands that need it to answer "no such star" or "not
 * merged yet" in words that name the bucket and the next command to run.
 */
import { catalogNameOf } from "./catalog.js";
import { NotFoundError, StarNotFoundError } from "./errors.js";
import { lightCurvePrefix, masterLightCurveName } from "./objectNames.js";
import type { ObjectStore } from "./store/objectStore.js";

/** Whether the bucket has the star's MLC document. */
export async function hasMasterLightCurve(store: ObjectStore, pic: string): Promise<boolean> {
  return store.stat(masterLightCurveName(pic)).then(
    () => true,
    (error: unknown) => {
      if (error instanceof NotFoundError) return false;
      throw error;
    },
  );
}

/** Whether the bucket has at least one LC segment of the star. */
export async function hasSegments(store: ObjectStore, pic: string): Promise<boolean> {
  return (await store.list({ prefix: lightCurvePrefix(pic), maxResults: 1 })).objects.length > 0;
}

const described = (pic: string): string => {
  const name = catalogNameOf(pic);
  return name ? `${pic} (${name})` : pic;
};

/** The error for a star with no segments at all in the bucket. */
export function noSuchStarError(store: ObjectStore, pic: string): StarNotFoundError {
  return new StarNotFoundError(pic, `no star ${described(pic)} in bucket ${store.url}: nothing under ${lightCurvePrefix(pic)} (piaa stars --bucket ${store.url} lists the merged stars)`);
}

/** Why a star has no MLC: never observed, or observed and not merged yet. */
export async function missingMasterLightCurveError(store: ObjectStore, pic: string): Promise<StarNotFoundError> {
  if (!(await hasSegments(store, pic))) return noSuchStarError(store, pic);
  return new StarNotFoundError(
    pic,
    `${described(pic)} has segments but no master light curve (${masterLightCurveName(pic)}) in bucket ${store.url} yet: run piaa combine ${pic} --bucket ${store.url}`,
  );
}

/** Runs `read`; its NotFoundError for the star's MLC becomes the explanation above. */
export async function explainMissingStar<T>(store: ObjectStore, pic: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof NotFoundError && error.objectName === masterLightCurveName(pic)) throw await missingMasterLightCurveError(store, pic);
    throw error;
  }
}
