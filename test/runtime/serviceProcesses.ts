/**
 * PIAA service processes on 127.0.0.1 for multi-process tests and benchmarks: each runs a
 * service entry (under tsx or bundled) with PORT=0 and reports its port through its
 * "<service> listening" log line. Callers must `stop()` every process they start (afterAll).
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** A bound, not a goal: tsx compiles the entry at start, ~15 s on a loaded machine. */
const STARTUP_TIMEOUT_MS = 60_000;
/** For a test that starts one process and drains it: its startup bound plus room for the test. */
export const PROCESS_TEST_TIMEOUT_MS = 120_000;

export interface ServiceProcess {
  child: ChildProcess;
  port: number;
  url: string;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<number | NodeJS.Signals | null>;
  /** Every log line the process wrote to stdout so far (parsed JSON). */
  logLines(): Array<Record<string, unknown>>;
  /** SIGKILLs the process if it still runs and waits for it to exit. */
  stop(): Promise<void>;
}

export interface ServiceEntry {
  /** Node arguments that run the entry (`["--import", "tsx", "runtime/combiner/main.ts"]`). */
  nodeArgs: readonly string[];
  /** The `message` of the log line that carries the port ("combiner listening"). */
  listening: string;
  /** Environment on top of this process's, PORT=0 and LOG_LEVEL=info. */
  env: Record<string, string>;
}

export async function startServiceProcess(entry: ServiceEntry): Promise<ServiceProcess> {
  const child = spawn(process.execPath, entry.nodeArgs, {
    cwd: repoRoot,
    env: { ...process.env, PORT: "0", LOG_LEVEL: "info", ...entry.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const lines: Array<Record<string, unknown>> = [];
  let buffered = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const complete = buffered.split("\n");
    // Keep only the unfinished line: the logs go on for the life of the process.
    buffered = complete.pop() ?? "";
    for (const line of complete) if (line.startsWith("{")) lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${entry.listening}: not within ${STARTUP_TIMEOUT_MS} ms: ${stderr}`)), STARTUP_TIMEOUT_MS);
      const onData = () => {
        const line = lines.find((candidate) => candidate.message === entry.listening);
        if (line === undefined) return;
        clearTimeout(timer);
        child.stdout!.off("data", onData);
        resolve(Number(line.port));
      };
      child.stdout!.on("data", onData);
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`process exited (${code}) before "${entry.listening}": ${stderr}`));
      });
    });
    return { child, port, url: `http://127.0.0.1:${port}`, exited, logLines: () => lines, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
