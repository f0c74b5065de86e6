/**
 * How a PIAA service process ends: the first SIGTERM (Kubernetes, App Engine) or SIGINT (Ctrl-C)
 * runs `stop` — a graceful drain — and exits 0 when it reports success (130 after Ctrl-C, as a
 * shell reports an interrupted command, with a line saying so); a second signal exits 1 at
 * once, for an operator who will not wait.
 *
 * The handlers are installed before the service starts, not once it listens: a Ctrl-C that
 * arrives while it binds its port (or just after it printed its "listening" line) would
 * otherwise meet Node's default action and end the process with no drain and no exit status.
 * Such a signal waits for the start, then drains what started. A start that fails is left to
 * the caller, which reports its error.
 */
import { EXIT_STATUS } from "./exitStatus.js";

export function exitOnSignals<Service>(
  starting: Promise<Service>,
  stop: (service: Service, signal: NodeJS.Signals) => Promise<boolean>,
  exit: (code: number) => void = (code) => process.exit(code),
): Promise<Service> {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      process.once(signal, () => exit(1));
      starting.then(
        async (service) => {
          const clean = await stop(service, signal);
          if (signal === "SIGINT") process.stderr.write(`piaa: interrupted: stopped${clean ? "" : " before in-flight work was done"}\n`);
          exit(!clean ? 1 : signal === "SIGINT" ? EXIT_STATUS.interrupted : EXIT_STATUS.success);
        },
        () => undefined,
      );
    });
  }
  return starting;
}
