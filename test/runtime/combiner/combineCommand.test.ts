import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { combineCommand } from "../../../runtime/combiner/combineCommand.js";
import { exportCommand } from "../../../runtime/combiner/exportCommand.js";
import { UsageError } from "../../../runtime/core/commandLine.js";
import { StarNotFoundError } from "../../../runtime/core/errors.js";
import { emptyMasterLightCurve } from "../../../runtime/core/masterLightCurve.js";
import { encodeMasterLightCurve } from "../../../runtime/core/masterLightCurveCodec.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { rebuildMasterLightCurve } from "../../../runtime/combiner/rebuildMasterLightCurve.js";
import { readMasterLightCurve } from "../../../runtime/combiner/storeReads.js";
import { loadMasterLightCurve } from "../../../runtime/core/loadMasterLightCurve.js";
import { TEST_PIC, testObjectName, testSegmentBytes } from "../core/testSegments.js";
import { runCommand, runPiaa } from "../../piaaCli.js";

const SAMPLE = path.resolve(__dirname, "../../fixtures/2016-sample");
const SAMPLE_LC = "LC/PIC_J0326137+295015/PAN000/108715/2016-07-02T09:18:28.837000.json";
const MLC = `MLC/${TEST_PIC}.json`;
const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

function tempDir(): string {
  const root = mkdtempSync(path.join(tmpdir(), "piaa-combine-"));
  roots.push(root);
  return root;
}

/** A point as a canonical string: every field, keys sorted, so multisets compare exactly. */
const canonical = (point: Record<string, unknown>): string =>
  JSON.stringify(Object.fromEntries(Object.entries(point).sort(([a], [b]) => (a < b ? -1 : 1))));

describe("piaa combine + export", () => {
  it("rebuilds the 2016 sample into an MLC whose flat export holds exactly the 2016 points", async () => {
    const bucket = tempDir();
    cpSync(SAMPLE, bucket, { recursive: true });
    const combined = await runPiaa("combine", TEST_PIC, "--bucket", bucket);
    expect(combined).toMatchObject({ code: 0, stderr: "" });
    expect(combined.stdout).toMatch(/^MLC\/PIC_J0326137\+295015\.json: 1 segments, 106 points \(written, generation \d+\)\n$/);

    const out = path.join(tempDir(), "flat.json");
    expect(await runPiaa("export", TEST_PIC, "--bucket", bucket, "--format", "flat", "--out", out)).toMatchObject({ code: 0, stdout: "" });
    const exported = JSON.parse(readFileSync(out, "utf8")) as Record<string, unknown>[];
    const original = JSON.parse(readFileSync(path.join(SAMPLE, SAMPLE_LC), "utf8")) as Record<string, unknown>[];
    // Same multiset of points: identical values and time strings, to the microsecond.
    expect(exported.map(canonical).sort()).toEqual(original.map(canonical).sort());
    const times = exported.map((p) => p.time as string);
    expect(times).toEqual([...times].sort());

    const again = await runCommand(combineCommand, TEST_PIC, "--bucket", bucket);
    expect(again.stdout).toMatch(/already up to date/);
    const csv = await runCommand(exportCommand, TEST_PIC, "--bucket", bucket, "--format", "csv");
    const lines = csv.stdout.trimEnd().split("\n").filter((line) => !line.startsWith("#"));
    expect(lines[0]).toBe("bjd_tdb,flux_r,flux_g,flux_b,flux_err_r,flux_err_g,flux_err_b,exptime,unit,camera,segment,time_utc");
    expect(lines).toHaveLength(107);
    const [, R, G, B, sigR, sigG, sigB, exptime, unit, camera, segment, time] = lines[1]!.split(",");
    expect({ time, exptime, R, G, B, sig_r: sigR, sig_g: sigG, sig_b: sigB }).toEqual(Object.fromEntries(Object.entries(exported[0]!).map(([k, v]) => [k, String(v)])));
    expect([unit, camera, segment]).toEqual(["PAN000", "108715", SAMPLE_LC]);
  });

  it("rejects a bad PIC with a usage error and a missing MLC with a clear message", async () => {
    const bucket = tempDir();
    const badPic = await runCommand(combineCommand, "PIC_nope", "--bucket", bucket);
    expect(badPic.error).toBeInstanceOf(UsageError);
    expect(String(badPic.error)).toMatch(/"PIC_nope" is neither a PIC id like PIC_J0326137\+295015 nor a catalog id/);
    const nothing = await runCommand(exportCommand, TEST_PIC, "--bucket", bucket);
    expect(nothing.error).toBeInstanceOf(StarNotFoundError);
    expect(String(nothing.error)).toMatch(/no star PIC_J0326137\+295015 in bucket file:\/\/.*: nothing under LC\/PIC_J0326137\+295015\//);
    await new FsObjectStore({ root: bucket }).put(testObjectName(1), Buffer.from(testSegmentBytes([{ offsetS: 0, seed: 1 }])));
    const unmerged = await runCommand(exportCommand, TEST_PIC, "--bucket", bucket);
    expect(String(unmerged.error)).toMatch(/has segments but no master light curve \(MLC\/PIC_J0326137\+295015\.json\) in bucket .* yet: run piaa combine PIC_J0326137\+295015/);
    const badFormat = await runCommand(exportCommand, TEST_PIC, "--bucket", bucket, "--format", "xml");
    expect(badFormat.stderr).toMatch(/'xml' is invalid. Allowed choices are flat, csv, ecsv, fits/);
  });
});

describe("rebuildMasterLightCurve", () => {
  it("merges the valid segments, lists the invalid ones and replaces an unreadable MLC", async () => {
    const store = new FsObjectStore({ root: tempDir() });
    const good = (await store.put(testObjectName(1), Buffer.from(testSegmentBytes([{ offsetS: 5, seed: 1 }])))).generation;
    await store.put(testObjectName(2), Buffer.from('[{"time": "2016-07-02T09:20:00.000000", "R": NaN}]'));
    await store.put(`LC/${TEST_PIC}/notes.txt`, Buffer.from("not a segment"));
    await store.put(MLC, Buffer.from('{"schema": 1, "pic": "truncated'));

    const result = await rebuildMasterLightCurve(store, TEST_PIC);
    expect(result).toMatchObject({ pic: TEST_PIC, segments: 1, points: 1, written: true });
    expect(result.replacedInvalidDocument).toMatch(/not valid JSON/);
    expect(result.invalid.map((e) => e.objectName).sort()).toEqual([`LC/${TEST_PIC}/notes.txt`, testObjectName(2)].sort());
    const { mlc } = await readMasterLightCurve(store, TEST_PIC);
    expect(mlc.segments.map((s) => [s.object, s.generation])).toEqual([[testObjectName(1), good]]);
  });

  it("rebuilds into fresh chunks of whole segments, the remainder in the tail, and exports every point", async () => {
    const bucket = tempDir();
    const store = new FsObjectStore({ root: bucket });
    const points = (n: number) => Array.from({ length: n }, (_, i) => ({ offsetS: n * 10 + i, seed: i }));
    for (const [k, n] of [3, 1, 2, 4, 1].entries()) await store.put(testObjectName(k + 1), Buffer.from(testSegmentBytes(points(n))));
    const result = await rebuildMasterLightCurve(store, TEST_PIC, { tailPointLimit: 3 });
    expect(result).toMatchObject({ segments: 5, points: 11, written: true });
    const { mlc: doc } = await readMasterLightCurve(store, TEST_PIC);
    // Segments in start order hold 3 | 1+2 | 4 | 1 points: a chunk closes at 3 or more, the rest stays in the tail.
    expect(doc.chunks!.map((ref) => ref.points)).toEqual([3, 3, 4]);
    expect(doc.points.time).toHaveLength(1);
    const loaded = (await loadMasterLightCurve(store, TEST_PIC)).mlc;
    expect(loaded.points.time).toHaveLength(11);
    expect([...loaded.points.time].sort((x, y) => x - y)).toEqual(loaded.points.time);
    const exported = await runCommand(exportCommand, TEST_PIC, "--bucket", bucket);
    const flat = JSON.parse(exported.stdout) as { time: string }[];
    expect(flat).toHaveLength(11);
    expect(flat.map(canonical).sort()).toEqual(
      [3, 1, 2, 4, 1].flatMap((n) => JSON.parse(testSegmentBytes(points(n))) as Record<string, unknown>[]).map(canonical).sort(),
    );
    expect(await rebuildMasterLightCurve(store, TEST_PIC, { tailPointLimit: 3 })).toMatchObject({ written: false });
  });

  it("drops segments whose LC object is gone (a rebuild trusts only LC/)", async () => {
    const store = new FsObjectStore({ root: tempDir() });
    await store.put(testObjectName(1), Buffer.from(testSegmentBytes([{ offsetS: 5, seed: 1 }])));
    await store.put(testObjectName(2), Buffer.from(testSegmentBytes([{ offsetS: 6, seed: 2 }])));
    await rebuildMasterLightCurve(store, TEST_PIC);
    await store.delete(testObjectName(2));
    expect(await rebuildMasterLightCurve(store, TEST_PIC)).toMatchObject({ segments: 1, written: true });
    await store.delete(testObjectName(1));
    expect(await rebuildMasterLightCurve(store, TEST_PIC)).toMatchObject({ segments: 0, points: 0, written: true });
    expect((await readMasterLightCurve(store, TEST_PIC)).mlc.segments).toEqual([]);
  });

  it("creates the MLC only if still absent, and retries when another writer created it first", async () => {
    const root = tempDir();
    const inner = new FsObjectStore({ root });
    await inner.put(testObjectName(1), Buffer.from(testSegmentBytes([{ offsetS: 5, seed: 1 }])));
    let raced = false;
    // Another writer creates the MLC between our read and our write, once.
    const store = Object.create(inner, {
      put: {
        value: async (name: string, data: Uint8Array, options?: { ifGenerationMatch?: string }) => {
          if (name === MLC && !raced) {
            raced = true;
            await inner.put(MLC, encodeMasterLightCurve(emptyMasterLightCurve(TEST_PIC)));
          }
          return inner.put(name, data, options);
        },
      },
    }) as FsObjectStore;
    const result = await rebuildMasterLightCurve(store, TEST_PIC, { retry: { sleep: async () => {} } });
    expect(raced).toBe(true);
    expect(result).toMatchObject({ segments: 1, written: true });
    expect((await readMasterLightCurve(inner, TEST_PIC)).mlc.segments).toHaveLength(1);
  });
});
