/**
 * What an objects.insert request of the fake GCS server uploads: the name, bytes and metadata of
 * a media or multipart upload, with a supplied checksum verified as Cloud Storage does.
 */
import { createHash } from "node:crypto";
import { crc32cBase64 } from "./crc32c.js";
import { HttpFailure } from "./fakeGcsErrors.js";
import { splitMultipartRelated } from "./multipartRelated.js";

export interface Upload {
  name: string;
  data: Buffer;
  contentType: string;
  metadata?: Record<string, unknown>;
}

/** uploadType=media (name in the query) or multipart (JSON metadata part, then the media part). */
export function parseUpload(query: URLSearchParams, body: Buffer, contentType = "application/octet-stream"): Upload {
  const uploadType = query.get("uploadType");
  if (uploadType === "media") {
    const name = query.get("name");
    if (!name) throw new HttpFailure(400, "Required parameter: name");
    return { name, data: body, contentType };
  }
  if (uploadType !== "multipart") throw new HttpFailure(400, `the fake does not implement uploadType=${uploadType}`);
  // https://cloud.google.com/storage/docs/uploading-objects#uploading-an-object (multipart/related)
  const [metadataPart, mediaPart] = splitMultipart(body, contentType);
  if (!metadataPart || !mediaPart) throw new HttpFailure(400, "multipart upload needs a metadata part and a media part");
  const metadata = parseMetadata(metadataPart.body);
  const name = query.get("name") ?? metadata.name;
  if (!name) throw new HttpFailure(400, "Required parameter: name");
  // A supplied checksum is verified: https://cloud.google.com/storage/docs/hashes-etags#json-api
  const hashes = hashesOf(mediaPart.body);
  if (metadata.crc32c !== undefined && metadata.crc32c !== hashes.crc32c) {
    throw new HttpFailure(400, `Provided CRC32C "${metadata.crc32c}" doesn't match calculated CRC32C "${hashes.crc32c}".`);
  }
  if (metadata.md5Hash !== undefined && metadata.md5Hash !== hashes.md5Hash) {
    throw new HttpFailure(400, `Provided MD5 hash "${metadata.md5Hash}" doesn't match calculated MD5 hash "${hashes.md5Hash}".`);
  }
  return { name, data: mediaPart.body, contentType: metadata.contentType ?? mediaPart.contentType ?? "application/octet-stream", metadata };
}

function splitMultipart(body: Buffer, contentType: string) {
  try {
    return splitMultipartRelated(body, contentType);
  } catch (error) {
    throw new HttpFailure(400, (error as Error).message);
  }
}

function parseMetadata(json: Buffer): { name?: string; contentType?: string; crc32c?: string; md5Hash?: string } {
  try {
    return JSON.parse(json.toString("utf8")) as Record<string, string>;
  } catch {
    throw new HttpFailure(400, "Metadata part is not valid JSON");
  }
}

/** The hashes of an object resource, base64 as the JSON API carries them. */
export function hashesOf(data: Buffer): { crc32c: string; md5Hash: string } {
  return { crc32c: crc32cBase64(data), md5Hash: createHash("md5").update(data).digest("base64") };
}

