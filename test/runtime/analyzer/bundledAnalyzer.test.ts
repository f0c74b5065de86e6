/**
 * The analyzer as runtime/Dockerfile builds it: its entry and its analysis-thread entry bundled by
 * the Dockerfile's own RUN lines into the files its COPY line puts side by side, run with plain
 * node (no TypeScript loader) on a bucket with one star: the thread starts from the bundled
 * `analysisThread.mjs` (runtime/core/workerThread.ts) and the star gets analysed there.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { bundleEntry, REPOSITORY_ROOT } from "../../../infra/bundle/bundleService.js";
import { readStarIndexShard, shardOf } from "../../../runtime/analysis/starIndex.js";
import { encodeMasterLightCurve } from "../../../runtime/core/masterLightCurveCodec.js";
import { masterLightCurveName } from "../../../runtime/core/objectNames.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { syntheticMasterLightCurve } from "../dashboard/syntheticStars.js";

const STAR = { pic: "PIC_J0326137+295015", nights: 2, exposures: 72, seed: 8 };
const temporary: string[] = [];
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  for (const dir of temporary) await rm(dir, { recursive: true, force: true });
});

describe("the analyzer image's bundles", () => {
  it("start analysis threads from analysisThread.mjs beside analyzer.mjs and analyse there", async () => {
    const dockerfile = await readFile(path.join(REPOSITORY_ROOT, "runtime/Dockerfile"), "utf8");
    const bundled = [...dockerfile.matchAll(/^RUN node .*bundleService\.ts (runtime\/analyzer\/\S+\.ts) \/out\/(\S+\.mjs)$/gm)].map(([, entry, out]) => ({ entry: entry!, out: out! }));
    expect(bundled.map((b) => b.out).sort()).toEqual(["analysisThread.mjs", "analyzer.mjs"]);
    const copy = /^COPY --from=build .*\.mjs \.\/$/m.exec(dockerfile)?.[0].split(" ");
    expect(copy).toEqual(expect.arrayContaining(["/out/analyzer.mjs", "/out/analysisThread.mjs"]));

    const dir = await mkdtemp(path.join(tmpdir(), "piaa-analyzer-image-"));
    temporary.push(dir);
    const app = path.join(dir, "app");
    await mkdir(app);
    for (const { entry, out } of bundled) await bundleEntry(entry, path.join(app, out));
    // Stands in for the image's copy of the two packages the bundles load at run time.
    await symlink(path.join(REPOSITORY_ROOT, "node_modules"), path.join(app, "node_modules"));
    const bucket = path.join(dir, "bucket");
    const store = new FsObjectStore({ root: bucket });
    await store.put(masterLightCurveName(STAR.pic), encodeMasterLightCurve(syntheticMasterLightCurve(STAR)));

    const child = spawn(process.execPath, ["analyzer.mjs"], {
      cwd: app,
      env: { PATH: process.env.PATH ?? "", PIAA_BUCKET: bucket, PORT: "0", PIAA_ANALYZER_HOST: "127.0.0.1", PIAA_ANALYZER_THREADS: "1", PIAA_ANALYZER_SCAN_MS: "50" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const lines: string[] = [];
    createInterface({ input: child.stdout! }).on("line", (line) => lines.push(line));
    child.stderr!.on("data", (chunk: Buffer) => lines.push(chunk.toString()));
    let row;
    for (let attempt = 0; attempt < 600 && row?.status !== "analysed"; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      row = (await readStarIndexShard(store, shardOf(STAR.pic))).rows.get(STAR.pic);
    }
    expect(row?.status, lines.join("\n")).toBe("analysed");
    const port = lines.map((line) => /"port":(\d+).*analyzer listening/.exec(line)?.[1]).find(Boolean);
    const status = (await (await fetch(`http://127.0.0.1:${port}/status`)).json()) as { threads: unknown; analysed: number };
    expect(status).toMatchObject({ analysed: 1, threads: { running: 1, died: 0 } });
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 120_000);
});
