/**
 * FsObjectStore throughput against plain node:fs in the same run: what atomic, durable,
 * lock-guarded writes with stamped generations cost over a bare writeFile and over the same
 * durable protocol without lock or generation (write, fsync, rename, fsync dir), and what a read
 * (realpath + open + fstat + read) and a listing cost over readFile / readdir.
 */
import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { FsObjectStore } from "../runtime/core/store/fsObjectStore.js";

const OPS = 150;
const PAYLOAD = Buffer.alloc(4096, "x"); // about one 100-point LC segment
const LISTED = 1000;

/** Operations per second of `op` run `count` times in sequence. */
async function rate(count: number, op: (i: number) => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await op(i);
  return count / (Number(process.hrtime.bigint() - start) / 1e9);
}

/**
 * The machine is shared and noisy: every round measures each operation right next to its
 * baseline, and the report gives the median over rounds of the per-round ratio.
 */
const ROUNDS = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function report(what: string, values: number[], baselineName: string, baselines: number[]): void {
  const ratio = median(values.map((value, round) => value / baselines[round]!));
  console.log(
    `${what.padEnd(30)} ${median(values).toFixed(0).padStart(6)} /s = ${ratio.toFixed(3)} × ${baselineName} (${median(baselines).toFixed(0)} /s), median of ${ROUNDS} rounds`,
  );
}

async function fillListing(dir: string): Promise<void> {
  for (let i = 0; i < LISTED; i++) {
    const file = path.join(dir, `LC/PIC_J0000000+000000/PAN000/000000/${String(i).padStart(4, "0")}.json`);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, "[]");
  }
}

export async function run(): Promise<void> {
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), "piaa-bench-fs-"));
  try {
    const plain = path.join(scratch, "plain");
    const bucket = path.join(scratch, "bucket");
    const store = new FsObjectStore({ root: bucket });
    await fillListing(plain);
    await fillListing(bucket);
    let generation = (await store.put("MLC/cas.json", PAYLOAD)).generation;
    const measures: Record<string, () => Promise<number>> = {
      writeFile: () => rate(OPS, () => fs.writeFile(path.join(plain, "o.json"), PAYLOAD)),
      durable: () =>
        rate(OPS, async (i) => {
          const tmp = path.join(plain, `t${i}`);
          const handle = await fs.open(tmp, "w");
          await handle.writeFile(PAYLOAD);
          await handle.sync();
          await handle.close();
          await fs.rename(tmp, path.join(plain, "d.json"));
          const dir = await fs.open(plain, "r");
          await dir.sync();
          await dir.close();
        }),
      put: () => rate(OPS, () => store.put("MLC/put.json", PAYLOAD)),
      casPut: () =>
        rate(OPS, async () => {
          generation = (await store.put("MLC/cas.json", PAYLOAD, { ifGenerationMatch: generation })).generation;
        }),
      readFile: () => rate(OPS, () => fs.readFile(path.join(plain, "o.json"))),
      get: () => rate(OPS, () => store.get("MLC/put.json")),
      readdirStat: () =>
        rate(10, async () => {
          const entries = await fs.readdir(path.join(plain, "LC"), { recursive: true, withFileTypes: true });
          await Promise.all(entries.filter((e) => e.isFile()).map((e) => fs.stat(path.join(e.parentPath, e.name), { bigint: true })));
        }),
      list: () => rate(10, () => store.list({ prefix: "LC/" })),
    };
    const rates = new Map<string, number[]>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, measure] of Object.entries(measures)) {
        // ext4 (data=ordered) flushes every dirty file on the next journal commit: start each
        // measure clean so that one measure's unflushed writes do not land on the next one's fsync.
        execFileSync("sync");
        rates.set(name, [...(rates.get(name) ?? []), await measure()]);
      }
    }
    const at = (name: keyof typeof measures) => rates.get(name) ?? [];
    report("put (unconditional)", at("put"), "fs.writeFile", at("writeFile"));
    report("put (ifGenerationMatch, CAS)", at("casPut"), "fs.writeFile", at("writeFile"));
    report("put (unconditional)", at("put"), "write+fsync+rename+fsync(dir)", at("durable"));
    report("put (ifGenerationMatch, CAS)", at("casPut"), "write+fsync+rename+fsync(dir)", at("durable"));
    report("get", at("get"), "fs.readFile", at("readFile"));
    report(`list of ${LISTED} objects`, at("list"), "recursive readdir + stat", at("readdirStat"));
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}
