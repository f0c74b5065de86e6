/**
 * What GcsObjectStore (through @google-cloud/storage) costs per operation over the bare JSON API
 * call it makes, both against the fake GCS server on 127.0.0.1 in the same run: the baseline is
 * the same request sent with fetch. Loopback hides network latency, so the ratios show the
 * client-side overhead, and the request counts show what each operation costs in GCS calls.
 * Store and baseline run in alternating blocks and the median block ratio is reported, so that
 * load from other processes on the machine falls on both sides alike.
 */
import { GcsObjectStore } from "../runtime/core/store/gcsObjectStore.js";
import { startFakeGcsServer, type FakeGcsServer } from "../test/runtime/core/store/fakeGcsServer.js";

const BLOCKS = 7;
const ROUNDS_PER_BLOCK = 40;
const WARM_UP_ROUNDS = 20;
const LISTED_OBJECTS = 1000;
const BUCKET = "bench";
/** A 100-point light-curve segment is about 12 kB of JSON. */
const SEGMENT_BYTES = 12_000;

type Op = (i: number) => Promise<unknown>;

/** Milliseconds per call of `op`; `op` gets a fresh index each call. */
async function msPerCall(op: Op, first: number, rounds: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = first; i < first + rounds; i += 1) await op(i);
  return Number(process.hrtime.bigint() - start) / 1e6 / rounds;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Median over alternating blocks of store and bare calls, after a warm-up of both. */
async function compare(store: Op, bare: Op, roundsPerBlock = ROUNDS_PER_BLOCK): Promise<{ storeMs: number; bareMs: number; ratio: number }> {
  let next = 0;
  await msPerCall(store, next, WARM_UP_ROUNDS);
  await msPerCall(bare, next, WARM_UP_ROUNDS);
  next += WARM_UP_ROUNDS;
  const storeMs: number[] = [];
  const bareMs: number[] = [];
  for (let block = 0; block < BLOCKS; block += 1, next += roundsPerBlock) {
    storeMs.push(await msPerCall(store, next, roundsPerBlock));
    bareMs.push(await msPerCall(bare, next, roundsPerBlock));
  }
  return { storeMs: median(storeMs), bareMs: median(bareMs), ratio: median(storeMs.map((ms, i) => ms / bareMs[i]!)) };
}

async function requestsPerCall(server: FakeGcsServer, op: Op): Promise<number> {
  const before = server.requests.length;
  await op(-1);
  return server.requests.length - before;
}

async function report(what: string, server: FakeGcsServer, store: Op, bare: Op, roundsPerBlock?: number): Promise<void> {
  const { storeMs, bareMs, ratio } = await compare(store, bare, roundsPerBlock);
  const requests = await requestsPerCall(server, store);
  console.log(
    `${what.padEnd(40)} ${ratio.toFixed(2)}× the bare call (${storeMs.toFixed(2)} ms vs ${bareMs.toFixed(2)} ms), ${requests} request${requests === 1 ? "" : "s"}`,
  );
}

export async function run(): Promise<void> {
  const server = await startFakeGcsServer();
  try {
    const store = new GcsObjectStore({ bucket: BUCKET, apiEndpoint: server.endpoint });
    const objectUrl = (name: string) => `${server.endpoint}/storage/v1/b/${BUCKET}/o/${encodeURIComponent(name)}`;
    const uploadUrl = (name: string) =>
      `${server.endpoint}/upload/storage/v1/b/${BUCKET}/o?uploadType=media&ifGenerationMatch=0&name=${encodeURIComponent(name)}`;
    const segment = Buffer.alloc(SEGMENT_BYTES, "7");
    const { generation } = await store.put("LC/bench.json", segment);
    const bareStat = () => fetch(objectUrl("LC/bench.json")).then((r) => r.json());
    const bareMedia = () => fetch(`${objectUrl("LC/bench.json")}?alt=media&generation=${generation}`).then((r) => r.arrayBuffer());

    await report("stat", server, () => store.stat("LC/bench.json"), bareStat);
    await report("get (metadata, then media)", server, () => store.get("LC/bench.json"), () => bareStat().then(bareMedia));
    await report(
      "put, create-only (ifGenerationMatch 0)",
      server,
      (i) => store.put(`LC/put-${i}.json`, segment, { ifGenerationMatch: "0" }),
      (i) => fetch(uploadUrl(`LC/bare-${i}.json`), { method: "POST", body: segment }).then((r) => r.json()),
    );
    for (let i = 0; i < LISTED_OBJECTS; i += 1) await store.put(`MLC/list-${String(i).padStart(4, "0")}.json`, Buffer.from("{}"));
    const listUrl = `${server.endpoint}/storage/v1/b/${BUCKET}/o?prefix=MLC%2F&maxResults=${LISTED_OBJECTS}`;
    await report(`list (a page of ${LISTED_OBJECTS})`, server, () => store.list({ prefix: "MLC/" }), () => fetch(listUrl).then((r) => r.json()), 3);
  } finally {
    await server.close();
  }
}
