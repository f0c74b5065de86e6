/**
 * Issue 22's command line (commandLineSession.ts): exit statuses of usage and input errors, reconcile's
 * findings, plan's config keys, the README's jq example and a flag named over its variable.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FsObjectStore } from "../../runtime/core/store/fsObjectStore.js";
import { runPiaa, runPiaaWith } from "../piaaCli.js";
import { testObjectName, testSegmentBytes } from "./core/testSegments.js";
import { CLI_TEST_TIMEOUT_MS, expectFailure, runEach, useCliBucket } from "./commandLineSession.js";

const cli = useCliBucket();

describe("piaa, as a newcomer meets it (issue 22): usage errors and findings", { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it("item 2: reconcile exits 1 while an invalid segment remains, naming it (text and --json alike)", async () => {
    const { scratch } = cli;
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

  it("item 7: every usage or input error exits 2, a config value the program refuses too; a finding exits 1", async () => {
    const { bucket } = cli;
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
    const { bucket } = cli;
    const result = await runPiaaWith({ env: { PIAA_COMBINER_TOKEN: "a-test-token-of-some-length" } }, "serve", "combiner", "--bucket", bucket, "--port", "abc");
    expectFailure(result, 2, /--port must be an integer from 0 to 65535 \(got "abc"\)/);
    expect(result.stderr).not.toMatch(/PORT must/);
  });
});
