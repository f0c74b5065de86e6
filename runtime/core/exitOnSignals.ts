/**
 * How a PIAA service process ends: the first SIGTERM (Kubernetes, App Engine) or SIGINT (Ctrl-C)
 * runs `stop` — a graceful drain — and exits 0 when it reports success (130 after Ctrl-C, as a
 * shell reports an interrupted command, with a line saying so); a second signal exits 1 at
 * once, for an operator who will not wait.
 */
import { EXIT_STATUS } from "./exitStatus.js";

export function exitOnSignals(stop: (signal: NodeJS.Signals) => Promise<boolean>): void {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      process.once(signal, () => process.exit(1));
      void stop(signal).then((clean) => {
        if (signal === "SIGINT") process.stderr.write(`piaa: interrupted: stopped${clean ? "" : " before in-flight work was done"}\n`);
        process.exit(!clean ? 1 : signal === "SIGINT" ? EXIT_STATUS.interrupted : EXIT_STATUS.success);
      });
    });
  }
}
