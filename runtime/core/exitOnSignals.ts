/**
 * How a PIAA service process ends: the first SIGTERM (Kubernetes, App Engine) or SIGINT (Ctrl-C)
 * runs `stop` — a graceful drain — and exits 0 when it reports success; a second signal exits 1
 * at once, for an operator who will not wait.
 */
export function exitOnSignals(stop: (signal: NodeJS.Signals) => Promise<boolean>): void {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      process.once(signal, () => process.exit(1));
      void stop(signal).then((clean) => process.exit(clean ? 0 : 1));
    });
  }
}
