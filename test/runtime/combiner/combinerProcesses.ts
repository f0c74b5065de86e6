/**
 * Combiner processes on 127.0.0.1 for multi-process tests and benchmarks: the container entry
 * (runtime/combiner/main.ts, under tsx or bundled) run by ../serviceProcesses.ts.
 */
import { startServiceProcess, type ServiceProcess } from "../serviceProcesses.js";

export type CombinerProcess = ServiceProcess;

/** How to run the entry: under tsx (default), or a bundle as the container runs it (`["/tmp/x/main.mjs"]`). */
export const TSX_ENTRY = ["--import", "tsx", "runtime/combiner/main.ts"];

export function startCombinerProcess(env: Record<string, string>, nodeArgs: readonly string[] = TSX_ENTRY): Promise<CombinerProcess> {
  return startServiceProcess({ nodeArgs, listening: "combiner listening", env: { PIAA_COMBINER_HOST: "127.0.0.1", ...env } });
}
