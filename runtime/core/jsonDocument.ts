/**
 * Stored JSON documents (MLC, analysis) read through their zod schema: bad JSON and schema
 * faults become one InvalidDocumentError naming the object and the first faulty path.
 */
import type { z } from "zod";
import { InvalidDocumentError } from "./errors.js";

export function parseJsonDocument<Schema extends z.ZodType>(objectName: string, bytes: Uint8Array | string, schema: Schema): z.infer<Schema> {
  let json: unknown;
  try {
    json = JSON.parse(typeof bytes === "string" ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
  } catch (error) {
    throw new InvalidDocumentError(objectName, `not valid JSON (${(error as Error).message})`);
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new InvalidDocumentError(objectName, `${issue.path.join(".") || "document"}: ${issue.message}`);
  }
  return result.data;
}
