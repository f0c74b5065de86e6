/**
 * Combiner processes on 127.0.0.1 for multi-process tests and benchmarks: each runs the container
 * entry (runtime/combiner/main.ts, under tsx or bundled) with PORT=0, and reports its port through its
 * "combiner listening" log line. Callers must `stop()` every process they start (afterAll).
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const STARTUP_TIMEOUT_MS = 30_000;

export interface CombinerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<number | NodeJS.Signals | null>;
  /** SIGKILLs the process if it still runs and waits for it to exit. */
  stop(): Promise<void>;
}

/** How to run the entry: under tsx (default), or a bundle as the container runs it (`["/tmp/x/main.mjs"]`). */
export const TSX_ENTRY = ["--import", "tsx", "runtime/combiner/main.ts"];

export async function startCombinerProcess(env: Record<string, string>, nodeArgs: readonly string[] = TSX_ENTRY): Promise<CombinerProcess> {
  const child = spawn(process.execPath, nodeArgs, {
    cwd: repoRoot,
    env: { ...process.env, PORT: "0", PIAA_COMBINER_HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let buffered = "";
      const timer = setTimeout(() => reject(new Error(`combiner did not start within ${STARTUP_TIMEOUT_MS} ms: ${stderr}`)), STARTUP_TIMEOUT_MS);
      child.stdout!.on("data", (chunk: Buffer) => {
        buffered += chunk.toString();
        const match = /"port":(\d+)[^\n]*"message":"combiner listening"/.exec(buffered);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
        // Keep only the unfinished line: the logs go on for the life of the process.
        buffered = buffered.slice(buffered.lastIndexOf("\n") + 1);
      });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`combiner exited (${code}) before listening: ${stderr}`));
      });
    });
    return { child, port, url: `http://127.0.0.1:${port}`, exited, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
