import path from "node:path";
import { fileURLToPath } from "node:url";
import { InvalidRequestError } from "../errors.js";
import { FsObjectStore } from "./fsObjectStore.js";
import { GcsObjectStore } from "./gcsObjectStore.js";
import type { ObjectStore } from "./objectStore.js";

/** The bucket used when neither --bucket nor PIAA_BUCKET says otherwise. */
export const DEFAULT_BUCKET = "./piaa-data";

export interface OpenObjectStoreOptions {
  /** GCS API endpoint (an emulator or a test fake); defaults to Google's. */
  gcsApiEndpoint?: string;
}

/**
 * Opens a bucket by URL: `gs://name` → GCS; `file:///dir`, or a plain path → a directory.
 * `PIAA_GCS_API_ENDPOINT` points gs:// URLs at an emulator.
 */
export function openObjectStore(url: string = process.env.PIAA_BUCKET ?? DEFAULT_BUCKET, options: OpenObjectStoreOptions = {}): ObjectStore {
  if (url.startsWith("gs://")) {
    const bucket = url.slice("gs://".length).replace(/\/$/, "");
    if (!/^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/.test(bucket)) {
      throw new InvalidRequestError("bucket", `${JSON.stringify(url)} is not a valid gs:// bucket URL`);
    }
    return new GcsObjectStore({ bucket, apiEndpoint: options.gcsApiEndpoint ?? process.env.PIAA_GCS_API_ENDPOINT });
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !url.startsWith("file://")) {
    throw new InvalidRequestError("bucket", `${JSON.stringify(url)}: use a directory, file:// or gs:// URL`);
  }
  const root = url.startsWith("file://") ? directoryOfFileUrl(url) : path.resolve(url);
  return new FsObjectStore({ root });
}

/** The directory of a file:// URL; one naming another host, or with an encoded "/", is the user's mistake. */
function directoryOfFileUrl(url: string): string {
  try {
    return fileURLToPath(url);
  } catch (error) {
    throw new InvalidRequestError("bucket", `${JSON.stringify(url)} is not a file:// URL of a local directory (${(error as Error).message})`);
  }
}
