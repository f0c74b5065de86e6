import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeStarIndexShard, parseStarIndexShard, readStarIndexShard } from "../../../runtime/analysis/starIndex.js";
import { errorRow } from "../../../runtime/analysis/starIndexRow.js";
import { InvalidDocumentError } from "../../../runtime/core/errors.js";
import { starIndexShardName } from "../../../runtime/core/objectNames.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";

// A star index shard as stored: rows in PIC order whatever order they were given in (the same
// rows give the same bytes), and an unreadable shard refused unless the caller (reindex) asks
// for it to be read as empty.
const at = new Date("2016-07-27T00:00:00Z");
const pics = ["PIC_J0326137+295015", "PIC_J1602118+281010", "PIC_J2000437+224239"];
const row = (pic: string) => errorRow(pic, "1", "unreadable", at);

describe("star index shard files", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "piaa-star-index-"));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("stores rows in PIC order, so the same rows in any order give the same bytes", () => {
    const reversed = encodeStarIndexShard(3, [...pics].reverse().map(row));
    expect(reversed.equals(encodeStarIndexShard(3, pics.map(row)))).toBe(true);
    expect([...parseStarIndexShard("index", reversed).keys()]).toEqual(pics);
  });

  it("refuses a shard that does not parse, and reads it as empty only when asked to", async () => {
    const store = new FsObjectStore({ root });
    await store.put(starIndexShardName(5), Buffer.from("{ not json"));
    await expect(readStarIndexShard(store, 5)).rejects.toThrow(InvalidDocumentError);
    const replaced = await readStarIndexShard(store, 5, { replaceInvalid: true });
    expect(replaced.rows.size).toBe(0);
    expect(replaced.generation).not.toBe("0");
  });
});
