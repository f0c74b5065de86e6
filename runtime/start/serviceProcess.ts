/**
 * One PIAA service (proxy or combiner) as a real child process, running its production entry
 * file through tsx. It listens on an ephemeral port, announced by its "… listening" log line
 * (`{"port": N}`), which is how the parent learns the port. Its output goes to a log file.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { createRequire } from "node:module";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";

/** tsx + a service's imports take 2–4 s on an idle 2-core machine, far longer on a loaded one. */
export const DEFAULT_START_TIMEOUT_MS = 60_000;
/** Time a service has to drain after SIGTERM before it is killed. */
export const DEFAULT_STOP_TIMEOUT_MS = 10_000;

/** A service that did not start or died; the message names it and where its log is. */
export class ServiceProcessError extends Error {
  override readonly name = "ServiceProcessError";
}

export interface ServiceProcessOptions {
  name: string;
  /**
   * Absolute path of the service's entry file (runtime/<service>/main.ts), run through tsx. A
   * JavaScript entry (a test's stand-in service) runs on node alone: tsx costs ~0.5 s of CPU a start.
   */
  entry: string;
  /** Variables set on top of this process's environment. */
  env: Record<string, string>;
  logFile: string;
  startTimeoutMs?: number;
}

export interface ServiceProcess {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  readonly pid: number;
  /** Resolves with the exit code (or signal name) once the process has exited and its log is flushed. */
  readonly exited: Promise<number | string>;
  /** SIGTERM, then SIGKILL after the timeout; resolves once the process is gone. */
  stop(timeoutMs?: number): Promise<void>;
  /** SIGKILL at once: a crash, as tests need it. */
  kill(): Promise<void>;
}

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/**
 * Children still running. Whatever way this process ends (an uncaught error, process.exit), the
 * last thing it does is kill them, so no service is left orphaned holding a port.
 */
const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

function listeningPort(line: string): number | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    const record = JSON.parse(line) as { message?: unknown; port?: unknown };
    return typeof record.message === "string" && record.message.endsWith("listening") && typeof record.port === "number" ? record.port : undefined;
  } catch {
    return undefined;
  }
}

export async function startServiceProcess(options: ServiceProcessOptions): Promise<ServiceProcess> {
  const log = createWriteStream(options.logFile, { flags: "a" });
  const nodeArgs = options.entry.endsWith(".ts") ? ["--import", tsxLoader, options.entry] : [options.entry];
  const child: ChildProcess = spawn(process.execPath, nodeArgs, {
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  const exited = new Promise<number | string>((resolve) =>
    // "close", not "exit": by then its output has been read to the end, so the log is complete.
    child.once("close", (code, signal) => {
      running.delete(child);
      log.end(() => resolve(code ?? signal ?? "unknown"));
    }),
  );
  const stderrTail: string[] = [];
  child.stderr!.on("data", (chunk: Buffer) => {
    log.write(chunk);
    stderrTail.push(chunk.toString("utf8"));
    if (stderrTail.length > 20) stderrTail.shift();
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new ServiceProcessError(`${options.name} did not start within ${options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS} ms (log: ${options.logFile})`));
    }, options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS);
    createInterface({ input: child.stdout! }).on("line", (line) => {
      log.write(`${line}\n`);
      const found = listeningPort(line);
      if (found !== undefined) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    void exited.then((status) => {
      clearTimeout(timer);
      reject(new ServiceProcessError(`${options.name} exited (${status}) before listening: ${stderrTail.join("").trim().slice(-2000)}`));
    });
  });
  const waitExit = async (timeoutMs: number): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
  };
  return {
    name: options.name,
    port,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    exited,
    async stop(timeoutMs = DEFAULT_STOP_TIMEOUT_MS) {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await waitExit(timeoutMs);
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
