/**
 * Worker threads on the project's own TypeScript modules. Code runs either from source (tsx, vitest)
 * or bundled (infra/bundle: the App Engine source and the container image), so a worker's entry is
 * the `.ts` module beside its caller in the first case and the `<name>.mjs` bundle beside the
 * service's bundle in the second (bundleService emits each worker entry next to `main.mjs`).
 */
import { Worker, type WorkerOptions } from "node:worker_threads";

/** The entry module `name` beside the module at `callerUrl` (its `import.meta.url`), source or bundled. */
export function workerEntry(callerUrl: string, name: string): URL {
  return new URL(`./${name}.${callerUrl.endsWith(".ts") ? "ts" : "mjs"}`, callerUrl);
}

/**
 * Starts a worker on `entry`. A worker does not inherit the tsx loader of its parent (nor does
 * `--import tsx` in its execArgv load before its entry on Node 20), so a `.ts` entry is imported
 * by a small script that registers the loader first.
 */
export function startWorkerThread(entry: URL, options: WorkerOptions = {}): Worker {
  if (!entry.pathname.endsWith(".ts")) return new Worker(entry, options);
  const script = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(script, { ...options, eval: true });
}
