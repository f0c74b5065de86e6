/**
 * `capturePlan`: the resources the program would create for a stack, computed offline. Runs
 * infra/index.ts under Pulumi mocks in a fresh child process (Pulumi's runtime state is global
 * and a program can only run once per process), with the stack's config plus overrides.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { resolveInfraConfig } from "../config.js";
import { InfraConfigError } from "../configValues.js";
import { REPOSITORY_ROOT } from "../bundle/bundleService.js";
import { planConfig } from "./stackConfig.js";
import type { PlannedProgram, PlannedResource } from "./plannedResource.js";
import type { PlanRequest, PlanResult } from "./planWorker.js";

export type { PlannedProgram, PlannedResource } from "./plannedResource.js";

export interface CapturePlanOptions {
  /** Stack whose Pulumi.<stack>.yaml is read. */
  stack: string;
  /** `namespace:key` → value, applied over the stack file (as `pulumi config set` would). */
  overrides?: Record<string, string>;
}

const WORKER = fileURLToPath(new URL("./planWorker.ts", import.meta.url));
/** A plan takes a few seconds; this bounds a hung child. */
const PLAN_TIMEOUT_MS = 120_000;

/** Runs the plan worker for `request` in a child process: its exit code and the tail of its stderr. */
export function runPlanWorker(request: PlanRequest): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", WORKER, JSON.stringify(request)], {
      cwd: REPOSITORY_ROOT,
      stdio: ["ignore", "ignore", "pipe"],
      timeout: PLAN_TIMEOUT_MS,
      killSignal: "SIGKILL",
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-8000);
    });
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stderr }));
  });
}

/** The resources the program registers for `stack`; throws InfraConfigError (naming the key) on bad config. */
export async function capturePlan(options: CapturePlanOptions): Promise<PlannedResource[]> {
  return (await captureProgram(options)).resources;
}

/** Runs the program for `stack` under mocks: its resources and stack outputs. */
export async function captureProgram({ stack, overrides = {} }: CapturePlanOptions): Promise<PlannedProgram> {
  const config = await planConfig(REPOSITORY_ROOT, stack, overrides);
  // Config mistakes are found here in milliseconds; the program would find them in seconds.
  resolveInfraConfig(stack, config);
  return captureInWorker({ stack, config });
}

/** Runs `request`'s program in the plan worker (config already checked): its resources and outputs, or its error. */
export async function captureInWorker(request: Omit<PlanRequest, "resultFile">): Promise<PlannedProgram> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "piaa-plan-"));
  try {
    const resultFile = path.join(dir, "result.json");
    const { code, stderr } = await runPlanWorker({ ...request, resultFile });
    let result: PlanResult;
    try {
      result = JSON.parse(await readFile(resultFile, "utf8")) as PlanResult;
    } catch {
      throw new Error(`piaa plan: the program did not finish (exit ${code}): ${stderr.trim()}`);
    }
    if ("error" in result) {
      if (result.error.key !== undefined) throw new InfraConfigError(result.error.key, result.error.message);
      throw new Error(`piaa plan: the program failed: ${result.error.name}: ${result.error.message}\n${stderr.trim()}`);
    }
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
