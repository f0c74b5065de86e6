/**
 * The proxy's push path beside dashboard traffic (part of dashboard.bench.ts), the proxy as
 * deployed: its App Engine bundle (main.mjs and its dashboard worker) run by node in a process of
 * its own, valid pushes forwarded to a fake combiner, and in this process 25 dashboard clients (on
 * a thread of their own, dashboardClientsWorker.ts) and the prober. The baseline, in the same run: the same proxy with the dashboard router on its own
 * event loop (inProcessDashboardProxy.ts), bundled alike. Printed per variant: p99 of /healthz
 * and of /pubsub/push, idle and busy, and where the CPU went while busy (the proxy's main thread,
 * its other threads, this process), since all of it shares the machine's cores.
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { buildProxyBundle, bundleEntry } from "../infra/bundle/bundleService.js";
import type { AnalysisDocument } from "../runtime/analysis/analysisDocument.js";
import { buildPubsubPush } from "../runtime/core/notifications/pubsubPush.js";
import { createLocalOidcIssuer, serveCertificates } from "../runtime/local/localOidcIssuer.js";
import { startWorkerThread, workerEntry } from "../runtime/core/workerThread.js";
import { percentile, probeUntil, type DashboardAnswer } from "../test/runtime/dashboard/dashboardLoad.js";
import { startFakeCombiner } from "../test/runtime/proxy/fakeCombiner.js";
import { startServiceProcess } from "../test/runtime/serviceProcesses.js";

const AUDIENCE = "https://proxy.example.test/pubsub/push";
const PUSH_ACCOUNT = "push@piaa-bench.iam.gserviceaccount.com";
const LC = "LC/PIC_J0326137+295015/PAN001/123456/2016-07-24T10:41:10.772000.json";
const IDLE_ROUNDS = 200;
const CLIENTS = 25;
/** Clock ticks per second of /proc/<pid>/task/<tid>/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_S = 100;

interface Figures {
  label: string;
  idle: { healthz: number[]; push: number[] };
  busy: { healthz: number[]; push: number[] };
  answers: number;
  failed: number;
  wallS: number;
  cpuS: { proxyMain: number; proxyOther: number; bench: number };
}

/** Starts the clients' thread; `go()` runs them and resolves with their answers. */
async function clientsThread(base: string, clients: string[][]): Promise<{ go(): Promise<DashboardAnswer[]> }> {
  const worker = startWorkerThread(workerEntry(import.meta.url, "dashboardClientsWorker"), { workerData: { base, clients } });
  const message = (): Promise<{ type: string; answers?: DashboardAnswer[] }> =>
    new Promise((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
  await message();
  return {
    async go() {
      const done = message();
      worker.postMessage("go");
      const { answers } = await done;
      await worker.terminate();
      return answers!;
    },
  };
}

/** CPU seconds of each thread of process `pid`, by thread id. */
async function threadCpuS(pid: number): Promise<Map<number, number>> {
  const times = new Map<number, number>();
  for (const tid of await readdir(`/proc/${pid}/task`)) {
    const stat = await readFile(`/proc/${pid}/task/${tid}/stat`, "utf8").catch(() => "");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (fields.length > 13) times.set(Number(tid), (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S);
  }
  return times;
}

async function measure(label: string, main: string, env: Record<string, string>, authorization: string, clients: string[][]): Promise<Figures> {
  const proxy = await startServiceProcess({ nodeArgs: [main], listening: "proxy listening", env });
  try {
    const base = proxy.url;
    const push = JSON.stringify(buildPubsubPush({ messageId: "m1", eventType: "OBJECT_FINALIZE", bucket: "piaa-bench", object: LC, generation: "1700000000000001" }));
    const headers = { "Content-Type": "application/json", Authorization: authorization };
    const round = (into: { healthz: number[]; push: number[] }) => async () => {
      let began = performance.now();
      const health = await fetch(`${base}/healthz`);
      await health.arrayBuffer();
      into.healthz.push(performance.now() - began);
      began = performance.now();
      const answer = await fetch(`${base}/pubsub/push`, { method: "POST", headers, body: push });
      await answer.arrayBuffer();
      into.push.push(performance.now() - began);
      if (health.status !== 200 || answer.status !== 200) throw new Error(`${label}: push path answered ${health.status}, ${answer.status}`);
    };
    if ((await fetch(`${base}/`)).status !== 200) throw new Error(`${label}: no dashboard`); // waits for the worker, reads the index
    const idle = { healthz: [] as number[], push: [] as number[] };
    await probeUntil(round(idle), new Promise(() => {}), IDLE_ROUNDS);
    const busy = { healthz: [] as number[], push: [] as number[] };
    const loader = await clientsThread(base, clients);
    const [threadsBefore, benchBefore, began] = [await threadCpuS(proxy.child.pid!), process.cpuUsage(), performance.now()];
    const load = loader.go();
    await probeUntil(round(busy), load, 100_000);
    const answers = await load;
    const [threadsAfter, benchUsed, wallS] = [await threadCpuS(proxy.child.pid!), process.cpuUsage(benchBefore), (performance.now() - began) / 1000];
    let proxyOther = 0;
    for (const [tid, s] of threadsAfter) if (tid !== proxy.child.pid) proxyOther += s - (threadsBefore.get(tid) ?? 0);
    const proxyMain = threadsAfter.get(proxy.child.pid!)! - threadsBefore.get(proxy.child.pid!)!;
    const failed = answers.filter((a) => a.status !== 200).length;
    return { label, idle, busy, answers: answers.length, failed, wallS, cpuS: { proxyMain, proxyOther, bench: (benchUsed.user + benchUsed.system) / 1e6 } };
  } finally {
    proxy.child.kill("SIGTERM");
    await proxy.exited;
  }
}

const p99 = (times: number[]): number => percentile(times, 0.99);

function report(f: Figures): void {
  const part = (name: "healthz" | "push") =>
    `${name === "push" ? "/pubsub/push" : "/healthz"} p99 idle ${p99(f.idle[name]).toFixed(1)} ms, busy ${p99(f.busy[name]).toFixed(1)} ms (×${(p99(f.busy[name]) / p99(f.idle[name])).toFixed(1)})`;
  console.log(
    `${f.label}: ${part("healthz")}; ${part("push")}; ${f.idle.push.length} idle and ${f.busy.push.length} busy rounds\n` +
      `  ${CLIENTS} clients: ${f.answers} answers (${f.failed} not 200) in ${f.wallS.toFixed(1)} s; CPU meanwhile: proxy main thread ${f.cpuS.proxyMain.toFixed(1)} s, ` +
      `its other threads ${f.cpuS.proxyOther.toFixed(1)} s, this process (clients' thread, prober, fake combiner) ${f.cpuS.bench.toFixed(1)} s, of ${os.cpus().length} cores × ${f.wallS.toFixed(1)} s; load average ${os.loadavg()[0]!.toFixed(1)}`,
  );
}

export async function pushPathFigures(bucketDir: string, large: AnalysisDocument, largePoints: number): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "piaa-bench-push-path-"));
  const issuer = createLocalOidcIssuer();
  const [certs, combiner] = await Promise.all([serveCertificates(issuer), startFakeCombiner()]);
  try {
    const deployed = await buildProxyBundle(path.join(dir, "deployed"));
    const baselineMain = path.join(dir, "inProcess", "main.mjs");
    await bundleEntry("bench/inProcessDashboardProxy.ts", baselineMain);
    const env = {
      PIAA_COMBINER_URL: combiner.url,
      PIAA_COMBINER_TOKEN: "combiner-secret-for-the-bench",
      PIAA_PUSH_AUDIENCE: AUDIENCE,
      PIAA_PUSH_SERVICE_ACCOUNT: PUSH_ACCOUNT,
      PIAA_PUSH_CERTS_URL: certs.url,
      PIAA_PROXY_HOST: "127.0.0.1",
      PIAA_BUCKET: bucketDir,
    };
    // Signed once: valid for an hour, and signing is no part of what is measured.
    const authorization = `Bearer ${issuer.pushToken(AUDIENCE, PUSH_ACCOUNT)}`;
    const pic = encodeURIComponent(large.pic);
    const pages = [`/?sort=sde&candidates=1&page=7`, `/stars/${pic}`, `/stars/${pic}/${large.mlcGeneration}/folded.png`, `/stars/${pic}/${large.mlcGeneration}/lightcurve.svg`, `/?q=PIC_J01&sort=snr`, "/"];
    const clients = Array.from({ length: CLIENTS }, (_, k) => (k === 0 ? [`/stars/${pic}/export.ecsv`] : Array.from({ length: 12 }, (_, r) => pages[(k + r) % pages.length]!)));
    console.log(`push path beside ${CLIENTS} dashboard clients (${1 + (CLIENTS - 1) * 12} pages and plots, one ${largePoints.toLocaleString("en")}-point ECSV download), proxy bundles run by node:`);
    const baseline = await measure("in-process router (baseline)", baselineMain, env, authorization, clients);
    report(baseline);
    const worker = await measure("dashboard worker thread", path.join(deployed.dir, "main.mjs"), env, authorization, clients);
    report(worker);
    const gain = (name: "healthz" | "push") => (p99(baseline.busy[name]) / p99(worker.busy[name])).toFixed(1);
    console.log(`busy p99, worker thread against the in-process baseline: /healthz ×${gain("healthz")} lower, /pubsub/push ×${gain("push")} lower`);
  } finally {
    await Promise.all([certs.close(), combiner.close()]);
    await rm(dir, { recursive: true, force: true });
  }
}
