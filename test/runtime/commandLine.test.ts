/**
 * Issue 22's command line (commandLineSession.ts): missing stars and buckets, outputs that cannot be
 * written, closed pipes, Ctrl-C, debug traces and the star listing; the usage errors are in
 * commandLine.usage.test.ts.
 */
import { spawn } from "node:child_process";
import { access } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runPiaa, runPiaaWith } from "../piaaCli.js";
import { BIN, CLI_TEST_TIMEOUT_MS, expectFailure, HD189733, NO_STAR, runEach, useCliBucket, VEGA } from "./commandLineSession.js";

const cli = useCliBucket();

describe("piaa, as a newcomer meets it (issue 22)", { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it("item 1: combine refuses a star the bucket has nothing of (exit 2), writing no MLC", async () => {
    const { bucket } = cli;
    const result = await runPiaa("combine", NO_STAR, "--bucket", bucket);
    expectFailure(result, 2, new RegExp(`no star PIC_J0000000\\+000000 in bucket file://${bucket}: nothing under LC/PIC_J0000000\\+000000/ \\(piaa stars`));
    await expect(access(path.join(bucket, "MLC", `${NO_STAR}.json`))).rejects.toThrow(/ENOENT/);
  });

  it("item 2: a bucket that does not exist exits 3, one that is a file exits 2, each naming it", async () => {
    const { aFile, scratch } = cli;
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

  it("item 6: a reader that closes the pipe early (| head) ends export and plan quietly with status 0", async () => {
    const { bucket } = cli;
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
    const { bucket, aFile, scratch } = cli;
    const [missingDir, directory, plotIntoFile] = await runEach(
      ["export", "hd189733", "--bucket", bucket, "--out", path.join(scratch, "missing", "dir", "x.json")],
      ["export", "hd189733", "--bucket", bucket, "--out", scratch],
      ["plot", "hd189733", "--bucket", bucket, "--out", aFile],
    );
    expectFailure(missingDir, 2, new RegExp(`cannot write ${scratch}/missing/dir/x.json: directory ${scratch}/missing/dir does not exist: create it first \\(mkdir -p`));
    expectFailure(directory, 2, new RegExp(`cannot write ${scratch}: it is a directory: give a file name inside it`));
    expectFailure(plotIntoFile, 2, new RegExp(`cannot write ${aFile}: it \\(or a parent\\) is a file, not a directory`));
  });

  it("item 7: Ctrl-C while serving stops the service and exits 130, saying so", async () => {
    const { bucket } = cli;
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
    const { scratch } = cli;
    const missing = path.join(scratch, "no-such-bucket");
    const result = await runPiaaWith({ env: { LOG_LEVEL: "debug" } }, "reconcile", "--bucket", missing);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^piaa: bucket .*no-such-bucket: no such directory/);
    expect(result.stderr).toMatch(/\n\s+at .*openBucket\.ts/);
  });

  it("item 11: stars lists the merged stars; catalog ids work wherever a PIC does; an unmerged star suggests combine", async () => {
    const { sim, bucket } = cli;
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

});
