/**
 * Starts the fake GCS server in a process of its own, for benchmarks that want Cloud Storage's
 * behaviour without Cloud Storage: `npx tsx test/runtime/core/store/fakeGcsServerMain.ts --help`.
 * Prints one JSON line, {"endpoint": "http://127.0.0.1:<port>"}, once listening; stops on SIGINT
 * or SIGTERM.
 */
import { Command, InvalidArgumentError } from "commander";
import { startFakeGcsServer, type FakeGcsServerOptions } from "./fakeGcsServer.js";

function nonNegative(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) throw new InvalidArgumentError(`${JSON.stringify(value)} is not a non-negative number`);
  return number;
}

const program = new Command("fake-gcs-server")
  .description("An in-memory Cloud Storage JSON API on 127.0.0.1 (test/runtime/core/store/fakeGcsServer.ts)")
  .option("--port <port>", "port on 127.0.0.1 (default: any free port)", nonNegative)
  .option("--versioned", "Object Versioning on, as on PIAA's data bucket")
  .option("--list-page-size <n>", "objects.list pages hold at most n items", nonNegative)
  .option("--mutation-interval-ms <ms>", "429 for a second write to one object name within ms (Cloud Storage: 1000)", nonNegative)
  .option("--latency-median-ms <ms>", "median of the per-request delay (log-normal)", nonNegative)
  .option("--latency-p99-ms <ms>", "99th percentile of the per-request delay", nonNegative)
  .option("--seed <n>", "seed of the latency and 503 draws", nonNegative, 1)
  .option("--unavailable-rate <fraction>", "fraction of requests answered 503", nonNegative)
  .action(async (flags: Record<string, number | boolean | undefined>) => {
    const seed = flags.seed as number;
    const latencyAsked = flags.latencyMedianMs !== undefined || flags.latencyP99Ms !== undefined;
    const options: FakeGcsServerOptions = {
      port: flags.port as number | undefined,
      versioned: flags.versioned === true,
      listPageSize: flags.listPageSize as number | undefined,
      mutationIntervalMs: flags.mutationIntervalMs as number | undefined,
      latency: latencyAsked ? { medianMs: flags.latencyMedianMs as number | undefined, p99Ms: flags.latencyP99Ms as number | undefined, seed } : undefined,
      unavailableRate: flags.unavailableRate as number | undefined,
      unavailableSeed: seed,
    };
    const server = await startFakeGcsServer(options);
    process.stdout.write(`${JSON.stringify({ endpoint: server.endpoint })}\n`);
    const stop = () => void server.close().then(() => process.exit(0));
    process.once("SIGINT", stop).once("SIGTERM", stop);
  });

await program.parseAsync();
