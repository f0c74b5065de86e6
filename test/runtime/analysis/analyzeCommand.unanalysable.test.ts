/**
 * Two edges of what `piaa analyze` and `piaa completeness` leave for their users: a star whose MLC
 * cannot be analysed is refused naming the star and the reason (exit 2 through UsageError), and a
 * completeness result is stored as JSON (Cloud Storage serves an object with the content type it
 * was written with; the dashboard and `gcloud storage cat` read it as such).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeCommand } from "../../../runtime/analysis/analyzeCommand.js";
import { writeCompletenessResult } from "../../../runtime/analysis/completenessResult.js";
import { UsageError } from "../../../runtime/core/commandLine.js";
import { masterLightCurveName } from "../../../runtime/core/objectNames.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import type { ObjectStore, PutOptions } from "../../../runtime/core/store/objectStore.js";
import { delegate } from "../analyzer/storeWrappers.js";
import { validCompletenessResult } from "./validCompletenessResult.js";

const PIC = "PIC_J0326137+295015";
let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "piaa-analyze-unanalysable-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("piaa analyze of a star whose MLC cannot be analysed", () => {
  it("refuses as a usage error naming the star and why", async () => {
    const bucket = path.join(root, "bucket");
    await new FsObjectStore({ root: bucket }).put(masterLightCurveName(PIC), Buffer.from(`{"pic": "${PIC}"}`));
    const refusal = await analyzeCommand({ stdout: () => undefined, stderr: () => undefined })
      .parseAsync([PIC, "--bucket", bucket], { from: "user" })
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(UsageError);
    expect((refusal as Error).message).toMatch(new RegExp(`^${PIC.replace("+", "\\+")}: cannot be analysed: invalid document MLC/${PIC.replace("+", "\\+")}\\.json`));
  });
});

describe("writeCompletenessResult", () => {
  it("stores the result as application/json", async () => {
    const puts: Array<[string, PutOptions | undefined]> = [];
    const fs = new FsObjectStore({ root: path.join(root, "completeness") });
    const store: ObjectStore = { ...delegate(fs), put: (name, data, options) => (puts.push([name, options]), fs.put(name, data, options)) };
    await writeCompletenessResult(store, validCompletenessResult({ pic: PIC }));
    expect(puts).toEqual([[`ANALYSIS/${PIC}/completeness.json`, expect.objectContaining({ contentType: "application/json" })]]);
  });
});
