/**
 * Splits a `multipart/related` body (RFC 2387, the framing of RFC 2046 §5.1.1) into its parts,
 * byte for byte: the media part of a GCS multipart upload is binary and must not be decoded.
 */

export interface BodyPart {
  contentType?: string;
  body: Buffer;
}

const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");

export function splitMultipartRelated(body: Buffer, contentType: string): BodyPart[] {
  const boundary = /;\s*boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!/^multipart\/related\b/i.test(contentType) || !boundary) {
    throw new Error(`not a multipart/related body with a boundary: ${contentType}`);
  }
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: BodyPart[] = [];
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const afterDelimiter = start + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === "--") break;
    const next = body.indexOf(delimiter, afterDelimiter);
    if (next < 0) throw new Error("multipart body ends without a closing delimiter");
    // A part runs from the CRLF after the delimiter to the CRLF that precedes the next one.
    const part = body.subarray(afterDelimiter + CRLF.length, next - CRLF.length);
    // Headers end at the first empty line; a part without headers starts with that empty line.
    const headerEnd = part.subarray(0, CRLF.length).equals(CRLF) ? 0 : part.indexOf(HEADER_END);
    if (headerEnd < 0) throw new Error("multipart part without an empty line after its headers");
    const bodyStart = headerEnd === 0 ? CRLF.length : headerEnd + HEADER_END.length;
    const headers = part.subarray(0, bodyStart).toString("latin1");
    parts.push({ contentType: /^content-type:\s*(.+)$/im.exec(headers)?.[1]?.trim(), body: part.subarray(bodyStart) });
    start = next;
  }
  return parts;
}
