/**
 * An in-memory Cloud Storage JSON API on 127.0.0.1, implementing exactly the calls that
 * @google-cloud/storage makes for GcsObjectStore: objects.insert (uploadType=media|multipart),
 * objects.get (metadata and alt=media), objects.list and objects.delete, with ifGenerationMatch
 * (semantics, and the opt-in versioning, mutation limit and short pages, in fakeGcsBucket.ts).
 * Tests read `requests` to count storage operations, `notifications` for what Cloud Storage would
 * publish, and call `failNext` to make the next requests fail: an error status, a dropped or
 * stalled connection, or media bytes corrupted in transit. Opt-in for benchmarks: a seeded
 * latency per request and a seeded fraction of 503 backendError answers, which Cloud Storage
 * documents as transient (https://cloud.google.com/storage/docs/retry-strategy). `GET /_fake/stats`
 * sums the answers for a benchmark that runs the server as a process (fakeGcsStats.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { seededRandom } from "../../combiner/generatedSegments.js";
import { createFakeObjects, type FakeBucketOptions, type FakeGcsAnswer, type GcsOperation, type StorageNotification } from "./fakeGcsBucket.js";
import { errorBody, HttpFailure } from "./fakeGcsErrors.js";
import { latencySampler, type LatencyModel } from "./fakeGcsLatency.js";
import { summarizeRequests } from "./fakeGcsStats.js";

export type { GcsOperation, StorageNotification } from "./fakeGcsBucket.js";

export interface RecordedRequest {
  operation: GcsOperation;
  method: string;
  /** Decoded object name, when the request names one. */
  objectName?: string;
  /** Query parameters as received. */
  query: Record<string, string>;
  /** The object resource sent with a multipart upload (name, contentType, crc32c...). */
  uploadMetadata?: Record<string, unknown>;
  /** Status the fake answered with (0: connection reset or stalled). */
  status: number;
}

export interface Fault {
  /** Answer this status with a documented error body. @default 503 */
  status?: number;
  /** Drop the connection instead of answering (a network error). */
  reset?: boolean;
  /** Never answer (until the client gives up or the server closes): a stalled connection. */
  stall?: boolean;
  /** Answer normally, but only after this many milliseconds. */
  delayMs?: number;
  /** Answer normally, but flip one byte of a media download (headers keep the true hashes). */
  corrupt?: boolean;
  /** Answer normally, but perform the request only once this has settled (forces an interleaving). */
  before?: () => Promise<unknown>;
  /** Only requests this predicate accepts consume the fault. @default every request */
  when?: (request: RecordedRequest) => boolean;
}

export interface FakeGcsServerOptions extends FakeBucketOptions {
  /** Delay every answer by a draw from this model. @default no delay */
  latency?: LatencyModel;
  /** Fraction of requests, 0 to 1, answered 503 backendError without being performed. @default 0 */
  unavailableRate?: number;
  /** Seed of the draws that pick the unavailable requests. @default 1 */
  unavailableSeed?: number;
  /** Port on 127.0.0.1. @default any free port */
  port?: number;
}

export interface FakeGcsServer {
  /** Pass as `apiEndpoint`: `http://127.0.0.1:<port>`. */
  endpoint: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** What Cloud Storage would publish for each change, in the order of the changes. */
  notifications: StorageNotification[];
  /** Applies `fault` to the next `count` requests that match `fault.when`. */
  failNext(count: number, fault?: Fault): void;
  close(): Promise<void>;
}

export async function startFakeGcsServer(options: FakeGcsServerOptions = {}): Promise<FakeGcsServer> {
  const notifications: StorageNotification[] = [];
  const perform = createFakeObjects(options, (notification) => notifications.push(notification));
  const { unavailableRate = 0 } = options;
  if (!(unavailableRate >= 0 && unavailableRate <= 1)) throw new RangeError(`unavailableRate must be within [0, 1], not ${unavailableRate}`);
  const unavailable = seededRandom(options.unavailableSeed ?? 1);
  const latency = options.latency ? latencySampler(options.latency) : () => 0;
  const requests: RecordedRequest[] = [];
  const faults: Fault[] = [];
  const takeFault = (record: RecordedRequest) => {
    const index = faults.findIndex((fault) => fault.when?.(record) ?? true);
    return index < 0 ? undefined : faults.splice(index, 1)[0];
  };

  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const url = new URL(req.url ?? "/", "http://fake");
      if (url.pathname === STATS_PATH) return send(res, { status: 0 }, { status: 200, json: summarizeRequests(requests) });
      const route = routeOf(req.method ?? "GET", url.pathname);
      const record: RecordedRequest = {
        operation: route.operation,
        method: req.method ?? "GET",
        // Uploads name the object in the query (the library always does) or in the metadata part.
        objectName: route.objectName ?? url.searchParams.get("name") ?? undefined,
        query: Object.fromEntries(url.searchParams),
        status: 0,
      };
      requests.push(record);
      const fault = takeFault(record);
      if (fault?.reset) return void req.socket.destroy();
      if (fault?.stall) return;
      const delayMs = (fault?.delayMs ?? 0) + latency();
      const reply = (answer: FakeGcsAnswer) => (delayMs > 0 ? setTimeout(() => send(res, record, answer), delayMs) : send(res, record, answer));
      const failed = fault?.status !== undefined || (fault && !fault.corrupt && fault.delayMs === undefined && !fault.before);
      if (failed || (unavailableRate > 0 && unavailable() < unavailableRate)) {
        return void reply(errorAnswer(new HttpFailure(fault?.status ?? 503)));
      }
      // A failing `before` is the test's to report; the request is performed either way.
      void Promise.resolve(fault?.before?.()).catch(() => undefined).then(() => {
        const answer = answerOf(() => perform({ ...route, query: url.searchParams, body, contentType: req.headers["content-type"] }));
        record.objectName ??= answer.upload?.name;
        record.uploadMetadata = answer.upload?.metadata;
        if (fault?.corrupt && answer.media) answer.media = { ...answer.media, data: flipFirstByte(answer.media.data) };
        reply(answer);
      });
    }, () => req.socket.destroy());
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    notifications,
    failNext(count, fault = {}) {
      for (let i = 0; i < count; i += 1) faults.push(fault);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** Not a Cloud Storage path, so never mistaken for one of its calls. */
export const STATS_PATH = "/_fake/stats";

function errorAnswer(failure: HttpFailure): FakeGcsAnswer {
  return { status: failure.status, json: errorBody(failure) };
}

/** A failure becomes its documented error answer; a bug in the fake becomes a 500, not a crash. */
function answerOf(perform: () => FakeGcsAnswer): FakeGcsAnswer {
  try {
    return perform();
  } catch (error) {
    return errorAnswer(error instanceof HttpFailure ? error : new HttpFailure(500, `fake GCS server bug: ${String(error)}`));
  }
}

interface Route {
  operation: GcsOperation;
  bucket: string;
  objectName?: string;
}

/** Paths of https://cloud.google.com/storage/docs/json_api/v1/objects (uploads under /upload). */
function routeOf(method: string, pathname: string): Route {
  const upload = /^\/upload\/storage\/v1\/b\/([^/]+)\/o$/.exec(pathname);
  if (upload && method === "POST") return { operation: "objects.insert", bucket: decodeURIComponent(upload[1]!) };
  const list = /^\/storage\/v1\/b\/([^/]+)\/o$/.exec(pathname);
  if (list && method === "GET") return { operation: "objects.list", bucket: decodeURIComponent(list[1]!) };
  const object = /^\/storage\/v1\/b\/([^/]+)\/o\/(.+)$/.exec(pathname);
  if (object && (method === "GET" || method === "DELETE")) {
    return {
      operation: method === "GET" ? "objects.get" : "objects.delete",
      bucket: decodeURIComponent(object[1]!),
      objectName: decodeURIComponent(object[2]!),
    };
  }
  return { operation: "unknown", bucket: "" };
}

function flipFirstByte(data: Buffer): Buffer {
  const copy = Buffer.from(data);
  if (copy.length > 0) copy[0] = copy[0]! ^ 0xff;
  return copy;
}

function send(res: ServerResponse, record: Pick<RecordedRequest, "status">, answer: FakeGcsAnswer): void {
  record.status = answer.status;
  if (answer.media) {
    res.writeHead(answer.status, { ...answer.media.headers, "content-length": answer.media.data.length });
    res.end(answer.media.data);
  } else if (answer.json !== undefined) {
    const text = JSON.stringify(answer.json);
    res.writeHead(answer.status, { "content-type": "application/json; charset=UTF-8", "content-length": Buffer.byteLength(text) });
    res.end(text);
  } else {
    res.writeHead(answer.status).end();
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
