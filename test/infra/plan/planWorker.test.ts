/**
 * The plan worker's answer when the program itself throws. capturePlan checks the config before it
 * starts the worker, so only a program run without that check (here: the worker given no config)
 * reaches this path; the answer must still be the result file naming the key, not a crash.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runPlanWorker } from "../../../infra/plan/capturePlan.js";
import type { PlanResult } from "../../../infra/plan/planWorker.js";

describe("plan worker, a program that throws", () => {
  it("writes the config error, with its key, as its result and exits 1 without a crash report", { timeout: 150_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "piaa-plan-worker-"));
    try {
      const resultFile = path.join(dir, "result.json");
      const { code, stderr } = await runPlanWorker({ stack: "dev", config: {}, resultFile });
      const result = JSON.parse(await readFile(resultFile, "utf8")) as PlanResult;
      expect(result).toEqual({ error: { name: "InfraConfigError", key: "gcp:project", message: expect.stringMatching(/^config gcp:project = \(not set\) is invalid/) as unknown } });
      expect(code).toBe(1);
      expect(stderr).not.toMatch(/InfraConfigError|Node\.js v/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
