/**
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), written out here so that the fake GCS
 * server and the tests check the adapter's checksums against an implementation of their own.
 * GCS writes it as base64 of the 4 big-endian bytes (https://cloud.google.com/storage/docs/hashes-etags).
 */
const TABLE = Uint32Array.from({ length: 256 }, (_, byte) => {
  let crc = byte;
  for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  return crc >>> 0;
});

export function crc32c(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function crc32cBase64(data: Uint8Array): string {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(crc32c(data));
  return bytes.toString("base64");
}
