/**
 * Issue 22, "a command line a newcomer trusts", checked the way a user meets it: the `piaa` bin
 * in a child process, asserting its exit status (core/exitStatus.ts) and what it prints. Every
 * expected failure is one `piaa: …` line naming the object at fault, with no stack trace.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { access, mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rebuildMasterLightCurve } from "../../runtime/combiner/rebuildMasterLightCurve.js";
import { catalogStarOf } from "../../runtime/core/catalog.js";
import { FsObjectStore } from "../../runtime/core/store/fsObjectStore.js";
import { type CliResult, runPiaa, runPiaaWith } from "../piaaCli.js";
import { testObjectName, testSegmentBytes } from "./core/testSegments.js";
import { simulatedBucket, type SimulatedBucket } from "./simulator/simulatedBucket.js";

const BIN = fileURLToPath(new URL("../../bin/piaa.js", import.meta.url));
/** Spawns of the bin cost seconds each, tens of seconds on a loaded machine; a bound, not a goal. */
const CLI_TEST_TIMEOUT_MS = 600_000;

/** Runs the bin once per argument list, one at a time (parallel spawns only compete for the cores). */
async function runEach<T extends string[][]>(...argLists: T): Promise<{ [K in keyof T]: CliResult }> {
  const results: CliResult[] = [];
  for (const args of argLists) results.push(await runPiaa(...args));
  return results as { [K in keyof T]: CliResult };
}
const HD189733 = catalogStarOf("hd189733")!.pic;
const VEGA = catalogStarOf("vega")!.pic;
const NO_STAR = "PIC_J0000000+000000";

let sim: SimulatedBucket;
let bucket: string;
let aFile: string;
let scratch: string;

/** An expected failure: this status, this message, and no Node stack trace. */
function expectFailure(result: CliResult, status: number, message: RegExp): void {
  expect(result.code, result.stderr).toBe(status);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).toMatch(/^piaa: /);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

beforeAll(async () => {
  // One unit, one night: HD 189733 merged, Vega observed but left unmerged.
  sim = await simulatedBucket({ units: 1, nights: 1, start: "2026-08-01", stars: ["hd189733", "vega"] });
  bucket = sim.dir;
  await rebuildMasterLightCurve(sim.store, HD189733);
  scratch = `${sim.dir}-scratch`;
  await mkdir(scratch);
  aFile = path.join(scratch, "a-file");
  await writeFile(aFile, "not a bucket");
});
afterAll(async () => {
  await sim.remove();
  await rm(scratch, { recursive: true, force: true });
});

describe("piaa, as a newcomer meets it (issue 22)", { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it("item 1: combine refuses a star the bucket has nothing of (exit 2), writing no MLC", async () => {
    const result = await runPiaa("combine", NO_STAR, "--bucket", bucket);
    expectFailure(result, 2, new RegExp(`no star PIC_J0000000\\+000000 in bucket file://${bucket}: nothing under LC/PIC_J0000000\\+000000/ \\(piaa stars`));
    await expect(access(path.join(bucket, "MLC", `${NO_STAR}.json`))).rejects.toThrow(/ENOENT/);
  });

  it("item 2: a bucket that does not exist exits 3, one that is a file exits 2, each naming it", async () => {
    const missing = path.join(scratch, "no-such-bucket");
    // Every command that reads a bucket opens it through openBucketForReading; two of each kind here.
    const commands = [["reconcile"], ["analyze", "hd189733"]];
    const results = await runEach(...commands.flatMap((command) => [[...command, "--bucket", missing], [...command, "--bucket", aFile]]));
    results.forEach((result, i) => {
      if (i % 2 === 0) expectFailure(result, 3, new RegExp(`bucket ${missing}: no such directory: check --bucket or PIAA_BUCKET`));
      else expectFailure(result, 2, new RegExp(`bucket ${aFile}: is a file, not a directory`));
    });
    await expect(access(missing)).rejects.toThrow(/ENOENT/);
  });

  it("item 2: reconcile exits 1 while an invalid segment remains, naming it (text and --json alike)", async () => {
    const dir = path.join(scratch, "with-invalid");
    const store = new FsObjectStore({ root: dir });
    const bad = testObjectName(2);
    await store.put(testObjectName(1), Buffer.from(testSegmentBytes([{ offsetS: 0, seed: 1 }])));
    await store.put(bad, Buffer.from("{ not json"));
    const text = await runPiaa("reconcile", "--bucket", dir);
    expectFailure(text, 1, new RegExp(`1 segment\\(s\\) cannot be merged \\(invalid: fix or delete the LC object\\): ${bad.replace(/[+.]/g, "\\$&")}`));
    expect(text.stdout).toMatch(/^merged .*\n/m);
    const json = await runPiaa("reconcile", "--bucket", dir, "--json");
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as { fixes: { object: string; outcome: string }[] }).fixes).toContainEqual(expect.objectContaining({ object: bad, outcome: "invalid" }));
    await store.delete(bad);
    const fixed = await runPiaa("reconcile", "--bucket", dir);
    expect(fixed.code, fixed.stderr).toBe(0);
  });

  it("item 6: a reader that closes the pipe early (| head) ends export and plan quietly with status 0", async () => {
    const [exported, planned] = await Promise.all([
      runPiaaWith({ closeStdout: true }, "export", "hd189733", "--bucket", bucket, "--format", "csv"),
      runPiaaWith({ closeStdout: true }, "plan", "--stack", "dev"),
    ]);
    for (const result of [exported, planned]) {
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toBe("");
    }
  });

  it("item 6: an --out that cannot be written is named, with what to do (exit 2)", async () => {
    const [missingDir, directory, plotIntoFile] = await runEach(
      ["export", "hd189733", "--bucket", bucket, "--out", path.join(scratch, "missing", "dir", "x.json")],
      ["export", "hd189733", "--bucket", bucket, "--out", scratch],
      ["plot", "hd189733", "--bucket", bucket, "--out", aFile],
    );
    expectFailure(missingDir, 2, new RegExp(`cannot write ${scratch}/missing/dir/x.json: directory ${scratch}/missing/dir does not exist: create it first \\(mkdir -p`));
    expectFailure(directory, 2, new RegExp(`cannot write ${scratch}: it is a directory: give a file name inside it`));
    expectFailure(plotIntoFile, 2, new RegExp(`cannot write ${aFile}: it \\(or a parent\\) is a file, not a directory`));
  });

  it("item 7: every usage or input error exits 2, a config value the program refuses too; a finding exits 1", async () => {
    const results = await runEach(
      ["frobnicate"],
      ["stars", "--bucket", bucket, "--bogus"],
      ["combine", "--bucket", bucket],
      ["reconcile", "--bucket", bucket, "--chunk-grace-minutes", "soon"],
      ["simulate", "--bucket", bucket, "--start", "2026-02-30"],
      ["plan", "--stack", "staging"],
      ["policy", "check", "--stack", "dev", "--config", "combiner:replicas=abc"],
    );
    const messages = [
      /unknown command 'frobnicate'/,
      /unknown option '--bogus'/,
      /missing required argument 'pic'/,
      /--chunk-grace-minutes must be a positive integer \(got "soon"\)/,
      /--start must be a date like 2026-08-01 \(got "2026-02-30"\)/,
      /argument 'staging' is invalid/,
      /config combiner:replicas = "abc" is invalid: must be an integer/,
    ];
    results.forEach((result, i) => {
      expect(result.code, `${messages[i]}: ${result.stderr}`).toBe(2);
      expect(result.stderr).toMatch(messages[i]!);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    });
    const violation = await runPiaa("policy", "check", "--resources", fileURLToPath(new URL("../fixtures/policies/bad-resources.json", import.meta.url)));
    expectFailure(violation, 1, /mandatory policy violation\(s\)/);
  });

  it("item 7: Ctrl-C while serving stops the service and exits 130, saying so", async () => {
    const child = spawn(process.execPath, [BIN, "serve", "combiner", "--bucket", bucket, "--port", "0"], {
      env: { ...process.env, PIAA_COMBINER_TOKEN: "a-test-token-of-some-length", LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (/listening/.test(stdout)) child.kill("SIGINT");
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code, stdout + stderr).toBe(130);
    expect(stderr).toMatch(/piaa: interrupted: stopped\n/);
  });

  it("LOG_LEVEL=debug adds the stack trace to an error's message", async () => {
    const missing = path.join(scratch, "no-such-bucket");
    const result = await runPiaaWith({ env: { LOG_LEVEL: "debug" } }, "reconcile", "--bucket", missing);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^piaa: bucket .*no-such-bucket: no such directory/);
    expect(result.stderr).toMatch(/\n\s+at .*openBucket\.ts/);
  });

  it("item 11: stars lists the merged stars; catalog ids work wherever a PIC does; an unmerged star suggests combine", async () => {
    const [table, json, version, analyzed, byName, unmerged, typo] = await runEach(
      ["stars", "--bucket", bucket],
      ["stars", "--bucket", bucket, "--json"],
      ["--version"],
      ["analyze", "hd189733", "--bucket", bucket, "--json"],
      ["export", "HD 189733", "--bucket", bucket, "--format", "csv"],
      ["analyze", "vega", "--bucket", bucket],
      ["analyze", "hd18973", "--bucket", bucket],
    );
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^PIC\s+name\s+points\s+segments\s+units\s+observed\n/);
    expect(table.stdout).toMatch(new RegExp(`${HD189733.replace("+", "\\+")}\\s+HD 189733\\s+\\d+\\s+\\d+\\s+1\\s+2026-08-0\\d\\.\\.2026-08-0\\d\n`));
    const stars = JSON.parse(json.stdout) as { pic: string; name: string; points: number; segments: number }[];
    const mlc = (await sim.store.get(`MLC/${HD189733}.json`)).data.toString();
    const held = JSON.parse(mlc) as { segments: { points: number }[] };
    expect(stars).toEqual([
      expect.objectContaining({ pic: HD189733, name: "HD 189733", segments: held.segments.length, points: held.segments.reduce((n, s) => n + s.points, 0) }),
    ]);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(analyzed.code, analyzed.stderr).toBe(0);
    expect(JSON.parse(analyzed.stdout)).toMatchObject({ pic: HD189733 });
    expect(byName.code, byName.stderr).toBe(0);
    // The CSV export names its star (by catalog id here) in its commented header.
    expect(byName.stdout.split("\n")[0]).toMatch(/^# PIC_J2000437\+224239 \(HD 189733\)/);
    expectFailure(unmerged, 2, new RegExp(`${VEGA.replace("+", "\\+")} \\(Vega\\) has segments but no master light curve .* yet: run piaa combine ${VEGA.replace("+", "\\+")} --bucket`));
    expectFailure(typo, 2, /"hd18973" is neither a PIC id like PIC_J0326137\+295015 nor a catalog id \(.*\): did you mean hd189733\?/);
  });

  it("item 3: plan --config with a key the program does not read exits 2 naming it and the nearest key", async () => {
    const [typo, foreign] = await runEach(["plan", "--stack", "dev", "--config", "combiner:replicaz=5"], ["plan", "--stack", "dev", "--config", "foo:bar=1"]);
    expectFailure(typo, 2, /--config combiner:replicaz: the program reads no such key; did you mean combiner:replicas\?/);
    expectFailure(foreign, 2, /--config foo:bar: the program reads no such key; the keys are gcp:project, .*combiner:replicas/);
    expect(typo.stdout + foreign.stdout).toBe("");
  });

  it("item 10: the README's `npm run --silent policy … --json | jq` example gives jq clean JSON", async () => {
    const readme = readFileSync(fileURLToPath(new URL("../../README.md", import.meta.url)), "utf8");
    const example = /^\s+(npm run --silent policy -- .*--json \| jq)\s/m.exec(readme)?.[1];
    expect(example).toBeDefined();
    // jq -e: exit non-zero unless its input parsed and the last output is neither false nor null.
    const command = `set -o pipefail; ${example!.replace(/\| jq$/, "| jq -e 'type == \"array\"'")}`;
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn("bash", ["-c", command], { cwd: fileURLToPath(new URL("../../", import.meta.url)), stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.once("exit", (code) => resolve({ code, stdout, stderr }));
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe("true");
  });

  it("item 12: --port abc is reported as the flag, not as the PORT variable", async () => {
    const result = await runPiaaWith({ env: { PIAA_COMBINER_TOKEN: "a-test-token-of-some-length" } }, "serve", "combiner", "--bucket", bucket, "--port", "abc");
    expectFailure(result, 2, /--port must be an integer from 0 to 65535 \(got "abc"\)/);
    expect(result.stderr).not.toMatch(/PORT must/);
  });
});
