import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { applyChanges } from "../../../runtime/combiner/applyChanges.js";
import { reconcileBucket, type ReconcileReport } from "../../../runtime/combiner/reconcile.js";
import { reconcileCommand, summary } from "../../../runtime/combiner/reconcileCommand.js";
import { readMasterLightCurve } from "../../../runtime/combiner/storeReads.js";
import { loadMasterLightCurve } from "../../../runtime/core/loadMasterLightCurve.js";
import { FindingError } from "../../../runtime/core/errors.js";
import { exitStatusOf } from "../../../runtime/core/exitStatus.js";
import { TEST_PIC, testObjectName, testSegmentBytes } from "../core/testSegments.js";
import { runCommand } from "../../piaaCli.js";

const OTHER_PIC = "PIC_J18365633+3847012";
const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

function freshBucket(): { root: string; store: FsObjectStore } {
  const root = mkdtempSync(path.join(tmpdir(), "piaa-reconcile-"));
  roots.push(root);
  return { root, store: new FsObjectStore({ root }) };
}

const upload = async (store: FsObjectStore, object: string, offsetS: number): Promise<string> =>
  (await store.put(object, Buffer.from(testSegmentBytes([{ offsetS, seed: offsetS }])))).generation;

const held = async (store: FsObjectStore, pic: string): Promise<[string, string][]> =>
  (await readMasterLightCurve(store, pic)).mlc.segments.map((s) => [s.object, s.generation]);

describe("piaa reconcile", () => {
  it("finds and fixes a missing segment, a stale one and a deleted LC, then has nothing to fix", async () => {
    const { root, store } = freshBucket();
    const [kept, stale, deleted] = [testObjectName(1), testObjectName(2), testObjectName(3)];
    const generations = await Promise.all([kept, stale, deleted].map((object, i) => upload(store, object, i * 10)));
    await applyChanges(store, TEST_PIC, [kept, stale, deleted].map((object, i) => ({ object, generation: generations[i], eventType: "OBJECT_FINALIZE" })));
    // Notifications lost: a new segment of another star, an overwrite, a delete.
    const missing = testObjectName(4, { pic: OTHER_PIC });
    const missingGeneration = await upload(store, missing, 40);
    const newer = await upload(store, stale, 50);
    await store.delete(deleted);
    await store.put(`LC/${TEST_PIC}/README`, Buffer.from("not a segment"));

    const dry = await runCommand(reconcileCommand, "--bucket", root, "--dry-run", "--json");
    const planned = JSON.parse(dry.stdout) as ReconcileReport;
    expect(planned).toMatchObject({ dryRun: true, stars: 2 });
    expect(planned.fixes.map(({ object, kind, outcome }) => [object, kind, outcome])).toEqual([
      [stale, "stale", undefined],
      [deleted, "gone", undefined],
      [missing, "missing", undefined],
    ]);
    expect(planned.ignored).toEqual([{ object: `LC/${TEST_PIC}/README`, message: expect.stringMatching(/expected LC\/\{pic\}/) }]);
    expect(await held(store, TEST_PIC)).toHaveLength(3); // a dry run writes nothing

    const fixed = await runCommand(reconcileCommand, "--bucket", root);
    expect(fixed.error).toBeUndefined();
    expect(fixed.stdout.split("\n")).toEqual([
      `merged    ${stale} (stale in the MLC, MLC had ${generations[1]}, LC has ${newer})`,
      `removed   ${deleted} (LC object deleted, MLC had ${generations[2]})`,
      `merged    ${missing} (missing from the MLC, LC has ${missingGeneration})`,
      "fixed 3 segment(s) in 2 of 2 stars",
      "",
    ]);
    expect(fixed.stderr).toMatch(/ignored: .*LC\/PIC_J0326137\+295015\/README/);
    expect(await held(store, TEST_PIC)).toEqual([[kept, generations[0]], [stale, newer]]);
    expect(await held(store, OTHER_PIC)).toEqual([[missing, missingGeneration]]);

    const after = await runCommand(reconcileCommand, "--bucket", root);
    expect(after.stdout).toBe("nothing to fix (2 stars checked)\n");
  });

  it("rebuilds an unreadable MLC and reports segments that cannot be merged", async () => {
    const { root, store } = freshBucket();
    const good = await upload(store, testObjectName(1), 5);
    await store.put(testObjectName(2), Buffer.from('[{"time": "2016-07-02T09:20:00.000000"}]'));
    await store.put(`MLC/${TEST_PIC}.json`, Buffer.from("{}"));

    const first = await reconcileBucket(store);
    expect(first.fixes).toEqual([
      { pic: TEST_PIC, object: `MLC/${TEST_PIC}.json`, kind: "unreadable", message: expect.stringMatching(/schema: must be 1/), outcome: "rebuilt" },
    ]);
    expect(await held(store, TEST_PIC)).toEqual([[testObjectName(1), good]]);

    const second = await reconcileBucket(store);
    expect(second.fixes).toEqual([
      expect.objectContaining({ object: testObjectName(2), kind: "missing", outcome: "invalid", message: expect.stringMatching(/point 0, field "exptime"/) }),
    ]);
    expect(summary(second)).toBe("fixed 0 segment(s) in 1 of 1 stars; 1 cannot be merged (invalid: fix or delete the LC object)");
    // The command reports it and ends with a finding (exit status 1) while the segment remains.
    const command = await runCommand(reconcileCommand, "--bucket", root);
    expect(command.stdout).toMatch(/^invalid +LC\/.*point 0, field "exptime"/m);
    expect(command.error).toBeInstanceOf(FindingError);
    expect(exitStatusOf(command.error)).toBe(1);
    expect(String(command.error)).toMatch(/1 segment\(s\) cannot be merged \(invalid: fix or delete the LC object\): LC\//);
  });

  const chunkNames = async (store: FsObjectStore): Promise<string[]> => {
    const names: string[] = [];
    for await (const { name } of store.listAll(`MLC/${TEST_PIC}/`)) names.push(name);
    return names;
  };

  it("deletes chunks no MLC lists once older than the grace period, and never a listed one", async () => {
    const { store } = freshBucket();
    const [a, b, c] = [testObjectName(1), testObjectName(2), testObjectName(3)];
    const [gA, gB] = [await upload(store, a, 10), await upload(store, b, 20)];
    await applyChanges(store, TEST_PIC, [{ object: a, generation: gA, eventType: "OBJECT_FINALIZE" }], { tailPointLimit: 0 });
    await applyChanges(store, TEST_PIC, [{ object: b, generation: gB, eventType: "OBJECT_FINALIZE" }], { tailPointLimit: 0 });
    const [chunkA, chunkB] = (await readMasterLightCurve(store, TEST_PIC)).mlc.chunks!.map((ref) => `MLC/${TEST_PIC}/${ref.id}.json`);
    // a's chunk loses its last live point; an orphan as a batch that lost its CAS leaves it.
    await store.delete(a);
    await applyChanges(store, TEST_PIC, [{ object: a, generation: gA, eventType: "OBJECT_DELETE" }]);
    const orphan = `MLC/${TEST_PIC}/${"ab".repeat(16)}.json`;
    await store.put(orphan, Buffer.from("{}"));
    await upload(store, c, 30); // a lost notification: reconcile merges it too

    const young = await reconcileBucket(store);
    expect(young.unlistedChunks).toEqual([]);
    const later = Date.now() + 2 * 60 * 60 * 1000;
    const dry = await reconcileBucket(store, { dryRun: true, now: () => later });
    expect(dry.unlistedChunks.sort()).toEqual([chunkA!, orphan].sort());
    expect((await chunkNames(store)).sort()).toEqual([chunkA!, chunkB!, orphan].sort());

    const swept = await reconcileBucket(store, { now: () => later });
    expect(swept.fixes).toEqual([]);
    expect(swept.unlistedChunks.sort()).toEqual([chunkA!, orphan].sort());
    expect(await chunkNames(store)).toEqual([chunkB]);
    expect((await loadMasterLightCurve(store, TEST_PIC)).mlc.segments.map((s) => s.object)).toEqual([b, c]);
  });

  it("rebuilds an MLC that lists a missing chunk", async () => {
    const { store } = freshBucket();
    const a = testObjectName(1);
    const gA = await upload(store, a, 10);
    await applyChanges(store, TEST_PIC, [{ object: a, generation: gA, eventType: "OBJECT_FINALIZE" }], { tailPointLimit: 0 });
    const [chunk] = await chunkNames(store);
    await store.delete(chunk!);
    await expect(loadMasterLightCurve(store, TEST_PIC)).rejects.toThrow(/lists chunk .*, which is missing/);

    const report = await reconcileBucket(store);
    expect(report.fixes).toEqual([expect.objectContaining({ kind: "unreadable", outcome: "rebuilt", message: expect.stringMatching(/which is missing/) })]);
    expect((await loadMasterLightCurve(store, TEST_PIC)).mlc.points.time).toHaveLength(1);
    expect((await reconcileBucket(store)).fixes).toEqual([]);
  });
});
