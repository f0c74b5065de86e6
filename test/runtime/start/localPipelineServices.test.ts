/**
 * The parent's side of startLocalPipeline, with stand-in services (test/fixtures/services: plain
 * node, a fraction of a second each) in place of the proxy, combiners and analyzer: the children's
 * names and log files, what each is told in its environment (read back through the real services'
 * configuration readers), a change in the bucket pushed to the proxy with a token the proxy's
 * verifier accepts, restarting the proxy, killing a combiner, the crash report, stop, and a service
 * that fails to start. Each test starts its own pipeline (about a second) and stops it, and kills
 * any stand-in left by the pids in the logs. localPipeline.test.ts runs the real services end to end.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readAnalyzerConfig } from "../../../runtime/analyzer/config.js";
import { readCombinerConfig } from "../../../runtime/combiner/config.js";
import { createLogger } from "../../../runtime/core/logging.js";
import { parsePubsubPush } from "../../../runtime/core/notifications/pubsubPush.js";
import { openObjectStore } from "../../../runtime/core/store/openObjectStore.js";
import { createOidcVerifier } from "../../../runtime/proxy/oidcVerifier.js";
import { readProxyConfig } from "../../../runtime/proxy/config.js";
import {
  LOCAL_ANALYZER_INTERVAL_MS,
  LOCAL_PUSH_AUDIENCE,
  LOCAL_PUSH_SERVICE_ACCOUNT,
  localAnalyzerThreads,
  SERVICE_ENTRIES,
  startLocalPipeline,
  type LocalPipeline,
  type LocalPipelineOptions,
} from "../../../runtime/start/localPipeline.js";
import { repoRoot } from "../serviceProcesses.js";
import { testObjectName, testSegmentBytes } from "../core/testSegments.js";
import { announcedPort, environmentRecord, environmentRecords, FAILING_SERVICE, FAKE_ENTRIES, gone, killLeftovers, logRecords, statusNow } from "./fakeServices.js";

const silent = createLogger({ service: "start", level: "silent" });

/** A fresh bucket; the logs two levels below a directory that does not exist yet. */
async function pipelineOptions(prefix: string): Promise<LocalPipelineOptions> {
  const bucketDir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { store: openObjectStore(bucketDir), bucketDir, replicas: 2, port: 0, logDir: path.join(`${bucketDir}-logs`, "run", "services"), logger: silent, scanIntervalMs: 50, entries: FAKE_ENTRIES };
}

async function removeRun(options: LocalPipelineOptions): Promise<void> {
  await killLeftovers(options.logDir);
  await Promise.all([rm(options.bucketDir, { recursive: true, force: true }), rm(`${options.bucketDir}-logs`, { recursive: true, force: true })]);
}

/** Starts a pipeline of stand-ins, runs `test` on it, and stops and removes it whatever happens. */
async function withPipeline(test: (pipeline: LocalPipeline, options: LocalPipelineOptions, log: (name: string) => string) => Promise<void>): Promise<void> {
  const options = await pipelineOptions("piaa-stand-ins-");
  let pipeline: LocalPipeline | undefined;
  try {
    pipeline = await startLocalPipeline(options);
    await test(pipeline, options, (name) => path.join(options.logDir, `${name}.log`));
  } finally {
    await pipeline?.stop();
    await removeRun(options);
  }
}

it("runs the services' own entry files unless told otherwise", () => {
  expect(SERVICE_ENTRIES).toEqual({
    proxy: path.join(repoRoot, "runtime", "proxy", "main.ts"),
    combiner: path.join(repoRoot, "runtime", "combiner", "main.ts"),
    analyzer: path.join(repoRoot, "runtime", "analyzer", "main.ts"),
  });
  for (const entry of Object.values(SERVICE_ENTRIES)) expect(existsSync(entry)).toBe(true);
});

describe("startLocalPipeline with stand-in services", () => {
  it("names the services, writes each one's output to <name>.log, tells each in the variables it reads to use the bucket and 127.0.0.1 and the proxy where the combiners are, and stops them all once however often asked", async () => {
    await withPipeline(async (pipeline, options, log) => {
      expect(pipeline.combiners.map((combiner) => combiner.name)).toEqual(["combiner-1", "combiner-2"]);
      expect(pipeline.analyzer.name).toBe("analyzer");
      for (const child of [...pipeline.combiners, pipeline.analyzer]) expect((await environmentRecord(log(child.name))).pid).toBe(child.pid);
      expect(pipeline.proxyUrl).toBe(`http://127.0.0.1:${await announcedPort(log("proxy"))}`);

      const [combiner1, combiner2, analyzer, proxy] = await Promise.all(["combiner-1", "combiner-2", "analyzer", "proxy"].map((name) => environmentRecord(log(name))));
      for (const { env } of [combiner1!, combiner2!]) {
        expect(readCombinerConfig(env)).toMatchObject({ bucket: options.bucketDir, host: "127.0.0.1", port: 0, logLevel: "info" });
      }
      expect(readAnalyzerConfig(analyzer!.env)).toMatchObject({
        bucket: options.bucketDir,
        host: "127.0.0.1",
        port: 0,
        intervalMs: LOCAL_ANALYZER_INTERVAL_MS,
        threads: localAnalyzerThreads(),
        scanIntervalMs: 50,
        subscription: undefined,
        logLevel: "info",
      });
      const proxyConfig = readProxyConfig(proxy!.env);
      expect(proxyConfig).toMatchObject({
        combinerUrls: pipeline.combiners.map((combiner) => `${combiner.url}/`),
        pushAudience: LOCAL_PUSH_AUDIENCE,
        pushServiceAccount: LOCAL_PUSH_SERVICE_ACCOUNT,
        bucket: options.bucketDir,
        host: "127.0.0.1",
        port: 0,
        logLevel: "info",
      });
      // The proxy and the combiners share one bearer secret (the stand-ins log its hash only).
      expect(new Set([combiner1!.env.PIAA_COMBINER_TOKEN, combiner2!.env.PIAA_COMBINER_TOKEN, proxyConfig.combinerToken]).size).toBe(1);

      const stopping = pipeline.stop();
      expect(pipeline.stop()).toBe(stopping);
      await stopping;
      // The stand-ins exit 0 on SIGTERM.
      for (const child of [...pipeline.combiners, pipeline.analyzer]) expect(await statusNow(child)).toBe(0);
      await expect(fetch(pipeline.proxyUrl)).rejects.toThrow();
    });
  });

  it("pushes a segment written to the bucket to the proxy, with a token the proxy's verifier accepts from the certificates it is told of", async () => {
    await withPipeline(async (pipeline, options, log) => {
      const object = testObjectName(0);
      const { generation } = await options.store.put(object, Buffer.from(testSegmentBytes([{ offsetS: 60, seed: 1 }])));
      for (const deadline = Date.now() + 20_000; pipeline.deliverer.stats.delivered === 0; ) {
        if (Date.now() > deadline) throw new Error(`not delivered: ${JSON.stringify(pipeline.deliverer.stats)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const [push] = (await logRecords(log("proxy"))).filter((record) => record.message === "fake request");
      expect(push).toMatchObject({ method: "POST", url: "/pubsub/push" });
      expect(parsePubsubPush(push!.body)).toMatchObject({ eventType: "OBJECT_FINALIZE", object, generation });
      const proxyConfig = readProxyConfig((await environmentRecord(log("proxy"))).env);
      const verifier = createOidcVerifier({
        audience: proxyConfig.pushAudience,
        serviceAccount: proxyConfig.pushServiceAccount,
        certificates: async () => (await fetch(proxyConfig.pushCertsUrl)).json() as Promise<Record<string, string>>,
      });
      expect(await verifier.verify(push!.authorization as string)).toMatchObject({ email: LOCAL_PUSH_SERVICE_ACCOUNT });
    });
  });

  it("restarts the proxy on its port and kills a combiner, neither counted as a crash; a combiner that dies on its own is one, named with its log", async () => {
    await withPipeline(async (pipeline, _options, log) => {
      await pipeline.restartProxy();
      const [first, second] = await environmentRecords(log("proxy"));
      expect(first!.env.PORT).toBe("0");
      expect(second!.env.PORT).toBe(new URL(pipeline.proxyUrl).port);
      expect(await gone(first!.pid)).toBe(true);
      expect((await fetch(pipeline.proxyUrl)).status).toBe(204);

      await pipeline.killCombiner(0);
      expect(await statusNow(pipeline.combiners[0]!)).toBe("SIGKILL");
      await expect(pipeline.killCombiner(2)).rejects.toThrow("no combiner 2");
      // The first exit crashed() reports is this one: the stopped proxy and the killed combiner were none.
      process.kill(pipeline.combiners[1]!.pid, "SIGKILL");
      await expect(pipeline.crashed).rejects.toThrow(`combiner-2 exited unexpectedly (SIGKILL); see ${log("combiner-2")}`);
    });
  });
});

describe("startLocalPipeline when a service fails to start", () => {
  it("fails naming the service and its reason, and stops the services it had started", async () => {
    const options = { ...(await pipelineOptions("piaa-failing-")), replicas: 1, entries: { ...FAKE_ENTRIES, analyzer: FAILING_SERVICE } };
    try {
      await expect(startLocalPipeline(options)).rejects.toThrow(`analyzer exited (3) before listening: fake service: PIAA_BUCKET ${options.bucketDir} is not a directory`);
      const combiner = await environmentRecord(path.join(options.logDir, "combiner-1.log"));
      expect(await gone(combiner.pid)).toBe(true);
      expect(existsSync(path.join(options.logDir, "proxy.log"))).toBe(false);
    } finally {
      await removeRun(options);
    }
  });
});
