/**
 * The cloud pipeline, on one machine (design §1): the proxy, N combiners and the analyzer run as
 * real child processes with their production entry files on 127.0.0.1; local delivery stands in
 * for the bucket notification → Pub/Sub push path (and the analyzer scans the MLC documents the
 * same way, in place of its MLC/ notification subscription), signing its pushes with a local OIDC key the proxy
 * is configured to trust. Only the filesystem bucket and the token issuer differ from the cloud.
 */
import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Logger } from "pino";
import { availableCores } from "../core/availableCores.js";
import type { ObjectStore } from "../core/store/objectStore.js";
import { watchBucket, type BucketWatcher } from "../local/bucketWatcher.js";
import { createLocalOidcIssuer, serveCertificates, type CertificateServer } from "../local/localOidcIssuer.js";
import { readMergedSegments } from "../local/pipelineStatus.js";
import { createPushDeliverer, type DeliveryOptions, type PushDeliverer } from "../local/pushDeliverer.js";
import { ServiceProcessError, startServiceProcess, type ServiceProcess } from "./serviceProcess.js";

const RUNTIME = fileURLToPath(new URL("..", import.meta.url));
export const PROXY_ENTRY = path.join(RUNTIME, "proxy", "main.ts");
export const COMBINER_ENTRY = path.join(RUNTIME, "combiner", "main.ts");
export const ANALYZER_ENTRY = path.join(RUNTIME, "analyzer", "main.ts");

/** The entry file each service runs (see serviceProcess.ts). */
export interface ServiceEntries {
  proxy: string;
  combiner: string;
  analyzer: string;
}
export const SERVICE_ENTRIES: ServiceEntries = { proxy: PROXY_ENTRY, combiner: COMBINER_ENTRY, analyzer: ANALYZER_ENTRY };

/** Locally a star is re-analysed at most once a second: the dashboard fills in as data arrives. */
export const LOCAL_ANALYZER_INTERVAL_MS = 1000;

/**
 * Locally the analyzer shares the machine with the proxy, the two combiners and the simulator, and
 * runs from source, where each analysis thread costs ~5 s of CPU and ~145 MiB to start (tsx loads
 * in every thread). On two cores that buys nothing: one thread caught up no faster than the event
 * loop in the same bench run (bench/README, Analyzer: lag p50 3.7 s against 1.9 s). So it analyses
 * on its event loop there, and gets every core but two beyond.
 */
export function localAnalyzerThreads(): number {
  return Math.max(0, availableCores() - 2);
}

/** Any string works as a push audience; the cloud uses the push endpoint URL. */
export const LOCAL_PUSH_AUDIENCE = "piaa-local-proxy";
export const LOCAL_PUSH_SERVICE_ACCOUNT = "piaa-push@piaa-local.iam.gserviceaccount.com";

export interface LocalPipelineOptions {
  /** The filesystem bucket every process shares. */
  store: ObjectStore;
  /** Its directory (what the children get as PIAA_BUCKET). */
  bucketDir: string;
  replicas: number;
  /** Proxy port; 0 = ephemeral. */
  port: number;
  /** Where the children's logs go. */
  logDir: string;
  logger: Logger;
  scanIntervalMs?: number;
  delivery?: Partial<DeliveryOptions>;
  /** The analyzer's per-star debounce interval. @default LOCAL_ANALYZER_INTERVAL_MS */
  analyzerIntervalMs?: number;
  /** The analyzer's analysis threads (0: on its event loop). @default localAnalyzerThreads() */
  analyzerThreads?: number;
  /**
   * What the children run. Tests give stand-in services that start in a fraction of a second, so
   * that the parent's side of the pipeline (names, logs, environments, crashes, stop) is tested
   * in process; the real services take seconds each under tsx. @default SERVICE_ENTRIES
   */
  entries?: ServiceEntries;
}

export interface LocalPipeline {
  readonly proxyUrl: string;
  readonly combiners: readonly ServiceProcess[];
  readonly analyzer: ServiceProcess;
  readonly deliverer: PushDeliverer;
  readonly watcher: BucketWatcher;
  /** Stops the proxy and starts it again on the same port (pushes meanwhile are retried). */
  restartProxy(): Promise<void>;
  /** SIGKILLs combiner `index`; the proxy fails over to the others. */
  killCombiner(index: number): Promise<void>;
  /** Rejects when a service exits on its own (a crash), naming it and its log. */
  readonly crashed: Promise<never>;
  /** Stops delivery and every child; safe to call more than once. */
  stop(): Promise<void>;
}

export async function startLocalPipeline(options: LocalPipelineOptions): Promise<LocalPipeline> {
  await mkdir(options.logDir, { recursive: true });
  // A fresh secret per run, handed to the children in their environment only; never printed.
  const combinerToken = randomBytes(32).toString("base64url");
  const entries = options.entries ?? SERVICE_ENTRIES;
  const issuer = createLocalOidcIssuer();
  const children: ServiceProcess[] = [];
  /** Children being stopped or killed on purpose: their exit is no crash. */
  const expected = new Set<ServiceProcess>();
  let crash: (error: Error) => void = () => {};
  const crashed = new Promise<never>((_resolve, reject) => (crash = reject));
  crashed.catch(() => undefined);
  const track = (child: ServiceProcess): ServiceProcess => {
    children.push(child);
    void child.exited.then((status) => {
      if (!expected.has(child)) crash(new ServiceProcessError(`${child.name} exited unexpectedly (${status}); see ${path.join(options.logDir, `${child.name}.log`)}`));
    });
    return child;
  };
  const stopChild = (child: ServiceProcess): Promise<void> => {
    expected.add(child);
    return child.stop();
  };
  let certs: CertificateServer | undefined;
  const stopChildren = () => Promise.all(children.map(stopChild));
  try {
    certs = await serveCertificates(issuer);
    // info at least: the children announce their port in their "listening" info line.
    const logLevel = "info";
    const combiners = await Promise.all(
      Array.from({ length: options.replicas }, (_, i) =>
        startServiceProcess({
          name: `combiner-${i + 1}`,
          entry: entries.combiner,
          logFile: path.join(options.logDir, `combiner-${i + 1}.log`),
          env: { PIAA_BUCKET: options.bucketDir, PIAA_COMBINER_TOKEN: combinerToken, PORT: "0", PIAA_COMBINER_HOST: "127.0.0.1", LOG_LEVEL: logLevel },
        }).then(track),
      ),
    );
    const analyzer = track(
      await startServiceProcess({
        name: "analyzer",
        entry: entries.analyzer,
        logFile: path.join(options.logDir, "analyzer.log"),
        env: {
          PIAA_BUCKET: options.bucketDir,
          PORT: "0",
          PIAA_ANALYZER_HOST: "127.0.0.1",
          PIAA_ANALYZER_INTERVAL_MS: String(options.analyzerIntervalMs ?? LOCAL_ANALYZER_INTERVAL_MS),
          PIAA_ANALYZER_THREADS: String(options.analyzerThreads ?? localAnalyzerThreads()),
          ...(options.scanIntervalMs === undefined ? {} : { PIAA_ANALYZER_SCAN_MS: String(options.scanIntervalMs) }),
          LOG_LEVEL: logLevel,
        },
      }),
    );
    const proxyEnv = {
      PIAA_COMBINER_URL: combiners.map((c) => c.url).join(","),
      PIAA_COMBINER_TOKEN: combinerToken,
      PIAA_PUSH_AUDIENCE: LOCAL_PUSH_AUDIENCE,
      PIAA_PUSH_SERVICE_ACCOUNT: LOCAL_PUSH_SERVICE_ACCOUNT,
      PIAA_PUSH_CERTS_URL: certs.url,
      PIAA_BUCKET: options.bucketDir,
      PIAA_PROXY_HOST: "127.0.0.1",
      LOG_LEVEL: logLevel,
    };
    const startProxy = (port: number) =>
      startServiceProcess({ name: "proxy", entry: entries.proxy, logFile: path.join(options.logDir, "proxy.log"), env: { ...proxyEnv, PORT: String(port) } });
    let proxy = track(await startProxy(options.port));
    const proxyUrl = proxy.url;

    const deliverer = createPushDeliverer({
      pushUrl: `${proxyUrl}/pubsub/push`,
      token: () => issuer.pushToken(LOCAL_PUSH_AUDIENCE, LOCAL_PUSH_SERVICE_ACCOUNT),
      bucket: options.store.bucket,
      logger: options.logger.child({ component: "delivery" }),
      delivery: options.delivery,
    });
    const { merged } = await readMergedSegments(options.store);
    const watcher = watchBucket({
      store: options.store,
      known: merged,
      onChange: (change) => deliverer.enqueue(change),
      logger: options.logger.child({ component: "watcher" }),
      intervalMs: options.scanIntervalMs,
    });

    let stopping: Promise<void> | undefined;
    return {
      proxyUrl,
      combiners,
      analyzer,
      deliverer,
      watcher,
      crashed,
      async restartProxy() {
        await stopChild(proxy);
        proxy = track(await startProxy(proxy.port));
      },
      async killCombiner(index) {
        const combiner = combiners[index];
        if (!combiner) throw new Error(`no combiner ${index}`);
        expected.add(combiner);
        await combiner.kill();
      },
      stop() {
        stopping ??= (async () => {
          await watcher.stop();
          await Promise.all([deliverer.close(), stopChildren(), certs?.close()]);
        })();
        return stopping;
      },
    };
  } catch (error) {
    await Promise.all([stopChildren(), certs?.close()]);
    throw error;
  }
}
