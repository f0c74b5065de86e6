/**
 * The plan worker's answer when the program itself throws. capturePlan checks the config before it
 * starts the worker, so only a program run without that check (here: the worker given no config)
 * reaches this path; the answer must still be the result file naming the key, not a crash.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { PlanResult } from "../../../infra/plan/planWorker.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const WORKER = path.join(ROOT, "infra/plan/planWorker.ts");

function runWorker(request: object): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", WORKER, JSON.stringify(request)], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], timeout: 120_000, killSignal: "SIGKILL" });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stderr }));
  });
}

describe("plan worker, a program that throws", () => {
  it("writes the config error, with its key, as its result and exits 1 without a crash report", { timeout: 150_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "piaa-plan-worker-"));
    try {
      const resultFile = path.join(dir, "result.json");
      const { code, stderr } = await runWorker({ stack: "dev", config: {}, resultFile });
      const result = JSON.parse(await readFile(resultFile, "utf8")) as PlanResult;
      expect(result).toEqual({ error: { name: "InfraConfigError", key: "gcp:project", message: expect.stringMatching(/^config gcp:project = \(not set\) is invalid/) as unknown } });
      expect(code).toBe(1);
      expect(stderr).not.toMatch(/InfraConfigError|Node\.js v/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
