/** Opening a bucket by URL (openObjectStore.ts) and the helpers every adapter shares (objectStore.ts). */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { InvalidRequestError } from "../../../../runtime/core/errors.js";
import { FsObjectStore } from "../../../../runtime/core/store/fsObjectStore.js";
import { GcsObjectStore } from "../../../../runtime/core/store/gcsObjectStore.js";
import { compareGenerations, iterateAllPages, type ListOptions, type ObjectStat } from "../../../../runtime/core/store/objectStore.js";
import { DEFAULT_BUCKET, openObjectStore } from "../../../../runtime/core/store/openObjectStore.js";

describe("openObjectStore", () => {
  it("opens gs://name (with or without a trailing slash) as a GCS bucket", () => {
    for (const url of ["gs://piaa-data", "gs://piaa-data/"]) {
      const store = openObjectStore(url);
      expect(store).toBeInstanceOf(GcsObjectStore);
      expect(store.bucket).toBe("piaa-data");
      expect(store.url).toBe("gs://piaa-data");
    }
  });

  it.each(["gs://", "gs://ab", "gs://Upper", "gs://-dash", "gs://dash-", "gs://a b c", `gs://${"a".repeat(223)}`])("refuses the bucket URL %j", (url) => {
    expect(() => openObjectStore(url)).toThrow(InvalidRequestError);
    expect(() => openObjectStore(url)).toThrow(`${JSON.stringify(url)} is not a valid gs:// bucket URL`);
  });

  it("refuses a gs:// URL with a path after the bucket", () => {
    expect(() => openObjectStore("gs://piaa/data")).toThrow('"gs://piaa/data" is not a valid gs:// bucket URL');
  });

  it("refuses a file:// URL of another host as the user's mistake (a bad --bucket, not a bug in piaa)", () => {
    let caught: unknown;
    try {
      openObjectStore("file://host/dir");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidRequestError);
    expect((caught as InvalidRequestError).objectName).toBe("bucket");
    expect((caught as Error).message).toMatch(/^invalid request: bucket: "file:\/\/host\/dir" is not a file:\/\/ URL of a local directory \(.+\)$/);
    expect(openObjectStore("file://localhost/tmp/piaa-z").url).toBe("file:///tmp/piaa-z");
  });

  it("takes a scheme only at the start: a relative path containing :// is a directory", () => {
    expect(openObjectStore("dir/http://x").url).toBe(`file://${path.resolve("dir/http:/x")}`);
  });

  it("accepts bucket names of 3 and 222 characters", () => {
    expect(openObjectStore("gs://a.b").bucket).toBe("a.b");
    expect(openObjectStore(`gs://${"a".repeat(222)}`).bucket).toHaveLength(222);
  });

  it("opens file:// URLs, relative and absolute paths as directories", () => {
    expect(openObjectStore("file:///tmp/piaa-x").url).toBe("file:///tmp/piaa-x");
    expect(openObjectStore("/tmp/piaa-y")).toBeInstanceOf(FsObjectStore);
    expect(openObjectStore("/tmp/piaa-y").url).toBe("file:///tmp/piaa-y");
    expect(openObjectStore("rel/dir").url).toBe(`file://${path.resolve("rel/dir")}`);
    expect(openObjectStore("c:dir").url).toBe(`file://${path.resolve("c:dir")}`);
  });

  it.each(["s3://bucket", "http://host/dir", "HTTPS://host", "x+y.z-w://a"])("refuses the other scheme %j, saying which are accepted", (url) => {
    expect(() => openObjectStore(url)).toThrow(new InvalidRequestError("bucket", `${JSON.stringify(url)}: use a directory, file:// or gs:// URL`));
    try {
      openObjectStore(url);
    } catch (error) {
      expect((error as InvalidRequestError).objectName).toBe("bucket");
    }
  });

  it("defaults to PIAA_BUCKET, then to ./piaa-data", () => {
    const saved = process.env.PIAA_BUCKET;
    try {
      process.env.PIAA_BUCKET = "gs://from-env";
      expect(openObjectStore().url).toBe("gs://from-env");
      delete process.env.PIAA_BUCKET;
      expect(openObjectStore().url).toBe(`file://${path.resolve(DEFAULT_BUCKET)}`);
    } finally {
      if (saved === undefined) delete process.env.PIAA_BUCKET;
      else process.env.PIAA_BUCKET = saved;
    }
  });
});

describe("iterateAllPages", () => {
  it("follows page tokens until a page comes without one, passing the prefix each time", async () => {
    const stat = (name: string): ObjectStat => ({ name, generation: "1", size: 0, updated: new Date(0) });
    const pages = new Map<string | undefined, { objects: ObjectStat[]; nextPageToken?: string }>([
      [undefined, { objects: [stat("a"), stat("b")], nextPageToken: "t1" }],
      ["t1", { objects: [], nextPageToken: "t2" }],
      ["t2", { objects: [stat("c")] }],
    ]);
    const calls: ListOptions[] = [];
    const names: string[] = [];
    for await (const object of iterateAllPages({ list: async (options = {}) => (calls.push(options), pages.get(options.pageToken)!) }, "LC/")) {
      names.push(object.name);
    }
    expect(names).toEqual(["a", "b", "c"]);
    expect(calls).toEqual([
      { prefix: "LC/", pageToken: undefined },
      { prefix: "LC/", pageToken: "t1" },
      { prefix: "LC/", pageToken: "t2" },
    ]);
  });
});

describe("compareGenerations", () => {
  it("orders int64 generations exactly, beyond 2^53", () => {
    expect(compareGenerations("9007199254740993", "9007199254740992")).toBe(1);
    expect(compareGenerations("9007199254740992", "9007199254740993")).toBe(-1);
    expect(compareGenerations("1700000000000000", "1700000000000000")).toBe(0);
    expect(compareGenerations("9", "10")).toBe(-1);
  });
});
