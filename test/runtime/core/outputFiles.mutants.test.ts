/**
 * Output paths (outputFiles.ts) and bucket checks (store/openBucket.ts): a path that cannot be
 * written becomes an error naming it and saying what to do, created directories included.
 */
import { EventEmitter } from "node:events";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BucketUnavailableError, InvalidBucketError, OutputPathError } from "../../../runtime/core/errors.js";
import { exitQuietlyOnClosedPipe, makeDirectories, prepareOutputDirectory, writeOutput, writeOutputFile } from "../../../runtime/core/outputFiles.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { assertBucketReadable, assertBucketWritable, openBucketForReading } from "../../../runtime/core/store/openBucket.js";
import { openObjectStore } from "../../../runtime/core/store/openObjectStore.js";

let scratch: string;
beforeEach(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), "piaa-out-"));
});
afterEach(() => fs.rm(scratch, { recursive: true, force: true }));

const caught = async (promise: Promise<unknown>): Promise<Error> => promise.then(
  () => {
    throw new Error("expected a failure");
  },
  (error: Error) => error,
);

describe("writeOutputFile", () => {
  it("writes the file", async () => {
    const file = path.join(scratch, "out.txt");
    await writeOutputFile(file, "hello");
    expect(await fs.readFile(file, "utf8")).toBe("hello");
  });

  it("names a missing directory and how to create it", async () => {
    const file = path.join(scratch, "nope", "out.txt");
    const error = await caught(writeOutputFile(file, "x"));
    expect(error).toBeInstanceOf(OutputPathError);
    expect((error as OutputPathError).objectName).toBe(file);
    const parent = path.join(scratch, "nope");
    expect(error.message).toBe(`cannot write ${file}: directory ${parent} does not exist: create it first (mkdir -p ${parent})`);
    expect((error as Error & { cause: NodeJS.ErrnoException }).cause.code).toBe("ENOENT");
  });

  it("says a directory was given where a file was wanted", async () => {
    const error = await caught(writeOutputFile(scratch, "x"));
    expect(error.message).toBe(`cannot write ${scratch}: it is a directory: give a file name inside it, e.g. ${path.join(scratch, "out")}`);
  });

  it("says a file is in the way of the directory", async () => {
    await fs.writeFile(path.join(scratch, "plain"), "");
    const file = path.join(scratch, "plain", "out.txt");
    const error = await caught(writeOutputFile(file, "x"));
    expect(error.message).toBe(`cannot write ${file}: ${path.join(scratch, "plain")} is not a directory`);
  });
});

describe("writeOutput", () => {
  it("goes to stdout without --out, to the file with it", async () => {
    const printed: Array<string | Uint8Array> = [];
    await writeOutput("report", undefined, (text) => void printed.push(text));
    const file = path.join(scratch, "r.txt");
    await writeOutput("to file", file, (text) => void printed.push(text));
    expect(printed).toEqual(["report"]);
    expect(await fs.readFile(file, "utf8")).toBe("to file");
  });
});

describe("makeDirectories and prepareOutputDirectory", () => {
  it("create every missing level and accept an existing directory", async () => {
    const deep = path.join(scratch, "a", "b", "c");
    await makeDirectories(deep);
    expect((await fs.stat(deep)).isDirectory()).toBe(true);
    await makeDirectories(deep);
    await prepareOutputDirectory(deep);
    await prepareOutputDirectory(path.join(scratch, "d", "e"));
    expect((await fs.stat(path.join(scratch, "d", "e"))).isDirectory()).toBe(true);
  });

  it("refuses a file given as the directory", async () => {
    const file = path.join(scratch, "f");
    await fs.writeFile(file, "");
    const error = await caught(prepareOutputDirectory(file));
    expect(error).toBeInstanceOf(OutputPathError);
    expect(error.message).toBe(`cannot write ${file}: it (or a parent) is a file, not a directory: give a directory (created if missing)`);
  });

  it("refuses a directory under a file", async () => {
    await fs.writeFile(path.join(scratch, "f"), "");
    const dir = path.join(scratch, "f", "sub");
    const error = await caught(prepareOutputDirectory(dir));
    expect(error.message).toBe(`cannot write ${dir}: it (or a parent) is a file, not a directory: give a directory (created if missing)`);
  });

  it("ends (with the kernel's code) where the kernel refuses a directory whose parent exists", async () => {
    const error = await caught(prepareOutputDirectory("/proc/piaa-no-such/dir"));
    expect(error).toBeInstanceOf(OutputPathError);
    expect(error.message).toMatch(/^cannot write \/proc\/piaa-no-such\/dir: /);
  });

  it("stops creating at the root of the filesystem", async () => {
    await makeDirectories("/");
  });
});

describe("the bucket a command was given (openBucket.ts)", () => {
  it("reading: refuses a missing directory, and a file, naming them", async () => {
    const missing = path.join(scratch, "nope");
    const error = await caught(openBucketForReading(missing));
    expect(error).toBeInstanceOf(BucketUnavailableError);
    expect(error.message).toBe(`bucket ${missing}: no such directory: check --bucket or PIAA_BUCKET (piaa simulate or piaa start fills a new bucket)`);
    const file = path.join(scratch, "file");
    await fs.writeFile(file, "");
    const fileError = await caught(openBucketForReading(file));
    expect(fileError).toBeInstanceOf(InvalidBucketError);
    expect(fileError.message).toBe(`bucket ${file}: is a file, not a directory: give the bucket's directory with --bucket or PIAA_BUCKET`);
  });

  it("reading: refuses a directory it cannot stat, with the code", async () => {
    await fs.writeFile(path.join(scratch, "file"), "");
    const under = path.join(scratch, "file", "bucket");
    const error = await caught(assertBucketReadable(openObjectStore(under)));
    expect(error).toBeInstanceOf(BucketUnavailableError);
    expect(error.message).toBe(`bucket ${under}: cannot be read (ENOTDIR)`);
  });

  it("reading: opens an existing directory", async () => {
    const store = await openBucketForReading(scratch);
    expect(store.url).toBe(`file://${scratch}`);
  });

  it("writing: creates the directory and leaves no probe file behind", async () => {
    const dir = path.join(scratch, "new", "bucket");
    await assertBucketWritable(openObjectStore(dir));
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it("writing: refuses a file or a path under a file", async () => {
    const file = path.join(scratch, "file");
    await fs.writeFile(file, "");
    for (const dir of [file, path.join(file, "sub")]) {
      const error = await caught(assertBucketWritable(openObjectStore(dir)));
      expect(error).toBeInstanceOf(InvalidBucketError);
      expect(error.message).toBe(`bucket ${dir}: is (or is under) a file, not a directory: give a directory you can write with --bucket or PIAA_BUCKET`);
    }
  });

  it("writing: refuses a directory the kernel will not create, with the code", async () => {
    const error = await caught(assertBucketWritable(openObjectStore("/proc/piaa-no-such")));
    expect(error).toBeInstanceOf(InvalidBucketError);
    expect(error.message).toMatch(/^bucket \/proc\/piaa-no-such: cannot be created or written \(E[A-Z]+\): give a directory you can write/);
  });

  it("a remote bucket is checked by one listing, its failure naming the bucket", async () => {
    const listed: unknown[] = [];
    const remote = (fail: boolean) =>
      ({
        url: "gs://piaa-x",
        list: (options: unknown) => (listed.push(options), fail ? Promise.reject(new Error("403 forbidden")) : Promise.resolve({ objects: [] })),
      }) as unknown as ObjectStore;
    await assertBucketReadable(remote(false));
    await assertBucketWritable(remote(false));
    expect(listed).toEqual([{ maxResults: 1 }, { maxResults: 1 }]);
    for (const check of [assertBucketReadable, assertBucketWritable]) {
      const error = await caught(check(remote(true)));
      expect(error).toBeInstanceOf(BucketUnavailableError);
      expect(error.message).toBe("bucket gs://piaa-x: cannot be listed: 403 forbidden");
    }
  });
});

describe("the less common refusals", () => {
  // /sys refuses a new entry even to root (EPERM to mkdir, EACCES to write; EROFS where mounted read-only).
  it("says permission is denied, naming the code and the kind of path wanted", async () => {
    const file = await caught(writeOutputFile("/sys/piaa-output-check", "x"));
    expect(file).toBeInstanceOf(OutputPathError);
    expect(file.message).toMatch(/^cannot write \/sys\/piaa-output-check: permission denied \((EACCES|EPERM|EROFS)\): choose a file you can write$/);
    const dir = await caught(prepareOutputDirectory("/sys/piaa-output-check"));
    expect(dir.message).toMatch(/^cannot write \/sys\/piaa-output-check: permission denied \((EACCES|EPERM|EROFS)\): choose a directory you can write$/);
  });

  it("gives the code of any other failure", async () => {
    const error = await caught(writeOutputFile(path.join(scratch, "a\0b"), "x"));
    expect(error).toBeInstanceOf(OutputPathError);
    expect(error.message).toBe(`cannot write ${path.join(scratch, "a\0b")}: ERR_INVALID_ARG_VALUE`);
  });

  it("takes a directory that appears between its check and its creation as made by another writer", async () => {
    // A dangling symlink: stat says absent, mkdir says it exists, as when another writer wins the race.
    const link = path.join(scratch, "link");
    await fs.symlink(path.join(scratch, "nowhere"), link);
    await makeDirectories(link);
  });

  it("keeps the underlying error as the cause of a bucket refusal", async () => {
    const file = path.join(scratch, "file");
    await fs.writeFile(file, "");
    for (const check of [assertBucketReadable(openObjectStore(path.join(file, "sub"))), assertBucketWritable(openObjectStore(file))]) {
      const error = await caught(check);
      expect(((error as Error & { cause: NodeJS.ErrnoException }).cause).code).toBe("ENOTDIR");
    }
    const down = new Error("403 forbidden");
    const remote = { url: "gs://piaa-x", list: () => Promise.reject(down) } as unknown as ObjectStore;
    expect(((await caught(assertBucketReadable(remote))) as Error & { cause: unknown }).cause).toBe(down);
  });
});

describe("exitQuietlyOnClosedPipe", () => {
  const exitsWith = (code: string, exitCode: number | undefined): unknown[] => {
    const stream = new EventEmitter();
    const exits: unknown[] = [];
    const exit = vi.spyOn(process, "exit").mockImplementation(((status?: number) => void exits.push(status)) as typeof process.exit);
    const saved = process.exitCode;
    try {
      process.exitCode = exitCode;
      exitQuietlyOnClosedPipe(stream as NodeJS.WriteStream);
      stream.emit("error", Object.assign(new Error(code), { code }));
    } finally {
      process.exitCode = saved;
      exit.mockRestore();
    }
    return exits;
  };

  it("exits with the status so far when the reader closed the pipe (0 if none yet)", () => {
    expect(exitsWith("EPIPE", undefined)[0]).toBe(0);
    expect(exitsWith("EPIPE", 1)[0]).toBe(1);
  });

  it("exits 3 (environment) on any other write failure", () => {
    expect(exitsWith("EIO", undefined)).toEqual([3]);
  });
});
