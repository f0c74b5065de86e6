/**
 * `piaa serve analyzer`'s action, run in process (piaa start and the image run it as a child,
 * where a per-test run cannot see it): the flags reach the analyzer it starts, which analyses the
 * --bucket it is given and answers on --port; SIGTERM then drains it and exits 0. The signal is
 * delivered by calling the listeners the command installed, with process.exit stubbed, and every
 * listener the command added is removed afterwards.
 */
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { serveAnalyzerCommand } from "../../../runtime/analyzer/serveAnalyzerCommand.js";
import { encodeMasterLightCurve } from "../../../runtime/core/masterLightCurveCodec.js";
import { masterLightCurveName } from "../../../runtime/core/objectNames.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { syntheticMasterLightCurve } from "../dashboard/syntheticStars.js";

const PIC = "PIC_J0326137+295015";
const SIGNALS = ["SIGTERM", "SIGINT"] as const;

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function status(port: number): Promise<Record<string, unknown>> {
  return (await fetch(`http://127.0.0.1:${port}/status`)).json() as Promise<Record<string, unknown>>;
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("piaa serve analyzer, in process", () => {
  it("analyses the --bucket it is given, answers on --port, and exits 0 once SIGTERM has drained it", { timeout: 60_000 }, async () => {
    const bucket = await mkdtemp(path.join(tmpdir(), "piaa-serve-analyzer-"));
    const before = Object.fromEntries(SIGNALS.map((signal) => [signal, process.listeners(signal)]));
    try {
      await new FsObjectStore({ root: bucket }).put(masterLightCurveName(PIC), encodeMasterLightCurve(syntheticMasterLightCurve({ pic: PIC, nights: 1, exposures: 72, seed: 3 })));
      // PIAA_BUCKET names another place: the flag must win over it.
      vi.stubEnv("PIAA_BUCKET", path.join(bucket, "not-this-one"));
      vi.stubEnv("PIAA_ANALYZER_SUBSCRIPTION", undefined);
      vi.stubEnv("PIAA_ANALYZER_THREADS", "0");
      vi.stubEnv("PIAA_ANALYZER_INTERVAL_MS", "0");
      vi.stubEnv("PIAA_ANALYZER_SCAN_MS", "20");
      vi.stubEnv("LOG_LEVEL", "silent");
      const port = await freePort();
      await serveAnalyzerCommand().exitOverride().parseAsync(["--bucket", bucket, "--port", String(port)], { from: "user" });

      for (let attempt = 0; attempt < 200 && (await status(port)).analysed !== 1; attempt++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await status(port)).toMatchObject({ analysed: 1, error: 0, backlog: 0, threads: { running: 0, died: 0 } });

      const exited = new Promise<unknown>((resolve) => vi.spyOn(process, "exit").mockImplementation(((code?: number) => void resolve(code)) as never));
      const added = process.listeners("SIGTERM").filter((listener) => !before.SIGTERM!.includes(listener));
      expect(added).toHaveLength(1);
      added[0]!("SIGTERM");
      expect(await exited).toBe(0);
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow(); // drained and closed
    } finally {
      for (const signal of SIGNALS) for (const listener of process.listeners(signal)) if (!before[signal]!.includes(listener)) process.removeListener(signal, listener);
      await rm(bucket, { recursive: true, force: true });
    }
  });
});
