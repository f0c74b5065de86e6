/**
 * What GcsObjectStore (through @google-cloud/storage) costs per operation over the bare JSON API
 * call it makes, both against the fake GCS server on 127.0.0.1 in the same run: the baseline is
 * the same request sent with fetch. Loopback hides network latency, so the ratios show the
 * client-side overhead, and the request counts show what each operation costs in GCS calls.
 */
import { GcsObjectStore } from "../runtime/core/store/gcsObjectStore.js";
import { startFakeGcsServer, type FakeGcsServer } from "../test/runtime/core/store/fakeGcsServer.js";

const ROUNDS = 300;
const LISTED_OBJECTS = 1000;
const BUCKET = "bench";
/** A 100-point light-curve segment is about 12 kB of JSON. */
const SEGMENT_BYTES = 12_000;

const WARM_UP_ROUNDS = 20;

/** Milliseconds per call of `op`, after a warm-up (connections, JIT); `op` gets a fresh index each call. */
async function timePerOp(rounds: number, op: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < WARM_UP_ROUNDS; i += 1) await op(rounds + i);
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i += 1) await op(i);
  return Number(process.hrtime.bigint() - start) / 1e6 / rounds;
}

async function requestsPerOp(server: FakeGcsServer, op: () => Promise<unknown>): Promise<number> {
  const before = server.requests.length;
  await op();
  return server.requests.length - before;
}

function report(what: string, storeMs: number, rawMs: number, requests: number): void {
  console.log(
    `${what.padEnd(34)} ${(storeMs / rawMs).toFixed(2)}× the bare call  (${storeMs.toFixed(3)} ms vs ${rawMs.toFixed(3)} ms; ${requests} request${requests === 1 ? "" : "s"})`,
  );
}

export async function run(): Promise<void> {
  const server = await startFakeGcsServer();
  try {
    const store = new GcsObjectStore({ bucket: BUCKET, apiEndpoint: server.endpoint });
    const objectUrl = (name: string) => `${server.endpoint}/storage/v1/b/${BUCKET}/o/${encodeURIComponent(name)}`;
    const payload = Buffer.alloc(SEGMENT_BYTES, "7");
    const { generation } = await store.put("LC/bench.json", payload);

    const rawStat = await timePerOp(ROUNDS, () => fetch(objectUrl("LC/bench.json")).then((r) => r.json()));
    report("stat", await timePerOp(ROUNDS, () => store.stat("LC/bench.json")), rawStat, await requestsPerOp(server, () => store.stat("LC/bench.json")));

    const rawMedia = await timePerOp(ROUNDS, () => fetch(`${objectUrl("LC/bench.json")}?alt=media&generation=${generation}`).then((r) => r.arrayBuffer()));
    report("get (metadata + media)", await timePerOp(ROUNDS, () => store.get("LC/bench.json")), rawStat + rawMedia, await requestsPerOp(server, () => store.get("LC/bench.json")));

    const uploadUrl = (name: string) => `${server.endpoint}/upload/storage/v1/b/${BUCKET}/o?uploadType=media&name=${encodeURIComponent(name)}&ifGenerationMatch=0`;
    const rawPut = await timePerOp(ROUNDS, (i) => fetch(uploadUrl(`LC/raw-${i}.json`), { method: "POST", body: payload }).then((r) => r.json()));
    report("put, create-only (ifGenerationMatch 0)", await timePerOp(ROUNDS, (i) => store.put(`LC/put-${i}.json`, payload, { ifGenerationMatch: "0" })), rawPut, await requestsPerOp(server, () => store.put("LC/one-more.json", payload, { ifGenerationMatch: "0" })));

    for (let i = 0; i < LISTED_OBJECTS; i += 1) await store.put(`MLC/list-${String(i).padStart(4, "0")}.json`, Buffer.from("{}"));
    const listUrl = `${server.endpoint}/storage/v1/b/${BUCKET}/o?prefix=MLC%2F&maxResults=1000`;
    const rawList = await timePerOp(20, () => fetch(listUrl).then((r) => r.json()));
    report(`list (one page of ${LISTED_OBJECTS})`, await timePerOp(20, () => store.list({ prefix: "MLC/" })), rawList, await requestsPerOp(server, () => store.list({ prefix: "MLC/" })));
  } finally {
    await server.close();
  }
}
