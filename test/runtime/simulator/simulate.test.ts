import { cp, mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UsageError } from "../../../runtime/core/commandLine.js";
import { parseObjectName } from "../../../runtime/core/objectNames.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { simulate, type SimulateProgress } from "../../../runtime/simulator/simulate.js";
import { runPiaa } from "../../piaaCli.js";
import { readAll, simulatedBucket, tempBucketDir } from "./simulatedBucket.js";

const SAMPLE_2016 = "/work/shared/reference/2016-sample";
const small = { units: 2, nights: 1, start: "2026-08-01", seed: "sim-test", stars: ["hd189733", "vega"] };
const cleanup: string[] = [];
afterAll(() => Promise.all(cleanup.map((dir) => rm(dir, { recursive: true, force: true }))));

async function statAll(store: FsObjectStore): Promise<Map<string, string>> {
  const generations = new Map<string, string>();
  for await (const object of store.listAll()) generations.set(object.name, object.generation);
  return generations;
}

function camerasByUnit(names: Iterable<string>): Map<string, Set<string>> {
  const units = new Map<string, Set<string>>();
  for (const name of names) {
    const parsed = parseObjectName(name);
    if (parsed.kind !== "lc" && parsed.kind !== "psc") continue;
    units.set(parsed.unit, (units.get(parsed.unit) ?? new Set()).add(parsed.camera));
  }
  return units;
}

describe("simulate", () => {
  it("gives byte-identical objects for the same arguments and seed, and others for another seed", async () => {
    const [a, b, c] = await Promise.all([simulatedBucket(small), simulatedBucket(small), simulatedBucket({ ...small, seed: "other" })]);
    cleanup.push(a.dir, b.dir, c.dir);
    const [objectsA, objectsB, objectsC] = await Promise.all([readAll(a.store), readAll(b.store), readAll(c.store)]);
    expect(objectsA.size).toBe(a.summary.objects);
    expect(objectsA.size).toBeGreaterThan(4);
    expect([...objectsB.keys()]).toEqual([...objectsA.keys()]);
    for (const [name, bytes] of objectsA) expect(bytes.equals(objectsB.get(name)!), name).toBe(true);
    expect([...objectsC.keys()]).not.toEqual([...objectsA.keys()]);
  });

  it("reports counts that match the bucket, with progress after every object", async () => {
    const dir = await tempBucketDir();
    cleanup.push(dir);
    const store = new FsObjectStore({ root: dir });
    const progress: SimulateProgress[] = [];
    const summary = await simulate(small, store, (p) => progress.push(p));
    expect(progress.map((p) => p.objectsDone)).toEqual(progress.map((_, i) => i + 1));
    expect(progress.at(-1)).toEqual({ objectsDone: summary.objects, objectsTotal: summary.objects, bytes: summary.bytes });
    const objects = await readAll(store);
    const lcs = [...objects].filter(([name]) => name.startsWith("LC/"));
    const points = lcs.reduce((sum, [, bytes]) => sum + (JSON.parse(bytes.toString()) as unknown[]).length, 0);
    const bytes = [...objects.values()].reduce((sum, b) => sum + b.length, 0);
    expect(summary).toMatchObject({ segments: lcs.length, points, objects: objects.size, uploaded: objects.size, kept: 0, bytes, units: 2, unitsAdded: 2 });
    expect(summary.firstNight).toBe("2026-08-01");
  });

  it("continues a bucket: units keep their cameras, new units come next, nothing is overwritten", async () => {
    const { store, dir, summary: first } = await simulatedBucket(small);
    cleanup.push(dir);
    const before = await statAll(store);
    const bytesBefore = await readAll(store);

    // Grow to 3 units without --start: the run starts after the data already there.
    const grown = await simulate({ ...small, units: 3, start: undefined }, store);
    expect(grown).toMatchObject({ units: 3, unitsAdded: 1, kept: 0 });
    expect(grown.firstNight > first.lastNight).toBe(true);
    expect(grown.network.slice(0, 2)).toEqual(first.network);
    expect(grown.network[2]!.unit).toBe("PAN002");
    const cameras = grown.network.flatMap((u) => u.cameras);
    expect(new Set(cameras).size).toBe(6);

    // Same nights again (explicit --start): existing objects are kept, never replaced.
    const again = await simulate({ ...small, units: 3 }, store);
    expect(again.kept).toBe(first.objects);
    expect(again.uploaded).toBeGreaterThan(0); // PAN002's share of those nights
    const after = await statAll(store);
    for (const [name, generation] of before) expect(after.get(name), name).toBe(generation);
    const bytesAfter = await readAll(store);
    for (const [name, bytes] of bytesBefore) expect(bytesAfter.get(name)!.equals(bytes)).toBe(true);
    const units = camerasByUnit(after.keys());
    for (const unit of grown.network) expect([...units.get(unit.unit)!].sort()).toEqual([...unit.cameras].sort());

    // --units smaller than the network: units are never removed.
    expect((await simulate({ ...small, units: 1, start: undefined, dryRun: true }, store)).units).toBe(3);
  });

  it("continues the 2016 data set: PAN000 keeps camera 108715 and gets a second one", async () => {
    const dir = await tempBucketDir();
    cleanup.push(dir);
    await cp(SAMPLE_2016, dir, { recursive: true });
    const store = new FsObjectStore({ root: dir });
    const summary = await simulate({ units: 2, nights: 1, seed: "2016-continued", stars: ["pic0326", "vega", "hd189733"] }, store);
    expect(summary.network[0]!.unit).toBe("PAN000");
    expect(summary.network[0]!.cameras).toContain("108715");
    expect(summary.network[0]!.cameras).toHaveLength(2);
    expect(summary.network[1]!.unit).toBe("PAN001");
    // The 2016 segment (2016-07-02T09:18 UTC) is 22:56 local time at PAN000's site, Mauna Loa:
    // the night of 07-01, so the next is 07-02 (not 07-03, which would skip a night).
    expect(summary.firstNight).toBe("2016-07-02");
  });

  it("uploads nothing on a dry run", async () => {
    const dir = await tempBucketDir();
    cleanup.push(dir);
    const store = new FsObjectStore({ root: dir });
    const summary = await simulate({ ...small, dryRun: true }, store);
    expect(summary.segments).toBeGreaterThan(0);
    expect(summary.bytes).toBeGreaterThan(0);
    expect(summary.uploaded).toBe(0);
    expect((await readAll(store)).size).toBe(0);
  });

  it.each([
    [{ ...small, units: 0 }, /--units must be an integer from 1 to 1000/],
    [{ ...small, nights: undefined, end: "2026-07-01" }, /--end 2026-07-01 is before --start 2026-08-01/],
    [{ ...small, start: "2026-02-30" }, /--start must be a date like/],
    [{ ...small, stars: ["hd189733", "tatooine"] }, /unknown star "tatooine"; known: pic0326 \(PIC_J0326137\+295015\),.*hd189733/],
    [{ ...small, concurrency: 0 }, /--concurrency must be an integer/],
    [{ ...small, end: "2026-08-05" }, /give --nights or --end, not both/],
  ])("rejects %j before uploading anything", async (options, message) => {
    const dir = await tempBucketDir();
    cleanup.push(dir);
    const store = new FsObjectStore({ root: dir });
    const error = await simulate(options, store).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect((await readAll(store)).size).toBe(0);
  });

  it("rejects a bucket that cannot be written before generating anything", async () => {
    const dir = await tempBucketDir();
    cleanup.push(dir);
    await writeFile(path.join(dir, "file"), "x");
    const store = new FsObjectStore({ root: path.join(dir, "file", "bucket") });
    await expect(simulate(small, store)).rejects.toThrow(/bucket .*file\/bucket: is \(or is under\) a file, not a directory: give a directory you can write/);
  });
});

describe("piaa simulate", () => {
  const run = (args: string[]) => runPiaa("simulate", ...args);

  it("prints the summary object with --json", { timeout: 300_000 }, async () => {
    const dir = await tempBucketDir();
    cleanup.push(dir);
    const json = await run(["--bucket", dir, "--units", "1", "--nights", "1", "--stars", "hd189733", "--start", "2026-08-01", "--json"]);
    expect(json.code).toBe(0);
    const summary = JSON.parse(json.stdout) as Record<string, number>;
    expect(summary.segments).toBeGreaterThan(0);
    expect(summary.uploaded).toBe(2 * summary.segments!);
    expect((await readAll(new FsObjectStore({ root: dir }))).size).toBe(summary.uploaded);
  });

  it("continues a bucket with the night after its last, skipping none (issue 22 item 5)", { timeout: 300_000 }, async () => {
    const dir = await tempBucketDir();
    cleanup.push(dir);
    const common = ["--bucket", dir, "--units", "2", "--stars", "hd189733,xo1", "--json"];
    const first = await run([...common, "--nights", "3"]);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ firstNight: "2026-08-01", lastNight: "2026-08-03" });
    // The last night's segments at the western sites start after midnight UTC, on 08-04: before
    // the fix the next run began on 08-05.
    const store = new FsObjectStore({ root: dir });
    const starts = [...(await readAll(store)).keys()].filter((name) => name.startsWith("LC/")).map((name) => name.split("/").at(-1)!);
    expect(starts.some((start) => start.startsWith("2026-08-04"))).toBe(true);
    const next = await run([...common, "--nights", "3"]);
    expect(next.code, next.stderr).toBe(0);
    expect(JSON.parse(next.stdout)).toMatchObject({ firstNight: "2026-08-04", lastNight: "2026-08-06" });
  });

  it("exits 2 with a clear message, uploading nothing, for a bad option or an unwritable bucket (issue 22 item 4)", { timeout: 300_000 }, async () => {
    const dir = await tempBucketDir();
    cleanup.push(dir);
    const notADirectory = path.join(dir, "file");
    await writeFile(notADirectory, "x");
    const emptyBucket = path.join(dir, "bucket");
    await mkdir(emptyBucket);
    const cases: [string[], RegExp][] = [
      [["--bucket", emptyBucket, "--units", "0"], /--units must be a positive integer \(got "0"\)/],
      [["--bucket", path.join(notADirectory, "bucket")], /bucket .*file\/bucket: is \(or is under\) a file, not a directory/],
      // Kernel filesystems: /proc refuses a new directory (ENOENT: it used to spin), /sys refuses
      // it with EPERM even to root (it used to fail part-way through the uploads).
      [["--bucket", "/proc/nope"], /bucket \/proc\/nope: cannot be created or written \(ENOENT\): give a directory you can write/],
      [["--bucket", "/sys/nope"], /bucket \/sys\/nope: cannot be created or written \(E[A-Z]+\): give a directory you can write/],
    ];
    const results = await Promise.all(cases.map(([args]) => run(args)));
    results.forEach((result, i) => {
      expect(result.code, cases[i]![0].join(" ")).toBe(2);
      expect(result.stderr).toMatch(cases[i]![1]);
    });
    expect((await readAll(new FsObjectStore({ root: emptyBucket }))).size).toBe(0);
  });
});
