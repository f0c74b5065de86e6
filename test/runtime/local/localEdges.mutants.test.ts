/**
 * Less common paths of the local pipeline's pieces that the sampled mutation run of runtime/local
 * found untested (test/mutation-survivors.md, "Sampled folders"): a failing bucket scan is logged,
 * the certificate server reports a port in use, a closed deliverer takes no more work, idle() waits
 * for pushes in flight, and validity dates before 2050 use UTCTime.
 */
import { generateKeyPairSync } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../../runtime/core/logging.js";
import { watchBucket } from "../../../runtime/local/bucketWatcher.js";
import { createLocalOidcIssuer, serveCertificates } from "../../../runtime/local/localOidcIssuer.js";
import { createPushDeliverer } from "../../../runtime/local/pushDeliverer.js";
import { selfSignedCertificate } from "../../../runtime/local/selfSignedCertificate.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";

const LC = "LC/PIC_J0326137+295015/PAN001/123456/2016-07-24T10:41:10.772000.json";

function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({ service: "test", level: "debug", destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  return { logger, lines };
}

/** A push endpoint on 127.0.0.1 that holds each push until the test releases it. */
async function holdingEndpoint() {
  const held: Array<() => void> = [];
  let arrived: () => void = () => {};
  let firstArrival = new Promise<void>((resolve) => (arrived = resolve));
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      held.push(() => res.writeHead(204, { connection: "close" }).end());
      arrived();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/pubsub/push`,
    received: () => held.length,
    arrival: () => firstArrival,
    release: () => held.splice(0).forEach((answer) => answer()),
    close: () => {
      firstArrival = Promise.resolve();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe("watchBucket", () => {
  it("logs a failed scan with the store's error and keeps watching", async () => {
    const { logger, lines } = capturingLogger();
    const watcher = watchBucket({
      store: {} as ObjectStore,
      known: new Map(),
      onChange: () => {},
      logger,
      list: () => Promise.reject(new Error("bucket listing refused: 503")),
      intervalMs: 60_000,
    });
    await watcher.stop();
    expect(lines).toContainEqual(expect.objectContaining({ error: "bucket listing refused: 503", message: "bucket scan failed; retrying" }));
  });
});

describe("serveCertificates", () => {
  it("rejects with EADDRINUSE when its port is taken, instead of crashing the process", async () => {
    const taken = http.createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = taken.address() as AddressInfo;
      await expect(serveCertificates(createLocalOidcIssuer(), port)).rejects.toMatchObject({ code: "EADDRINUSE" });
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });
});

describe("createPushDeliverer", () => {
  it("takes no more changes once closed", async () => {
    const endpoint = await holdingEndpoint();
    const deliverer = createPushDeliverer({ pushUrl: endpoint.url, token: () => "t", bucket: "b", logger: capturingLogger().logger });
    try {
      await deliverer.close();
      deliverer.enqueue({ eventType: "OBJECT_FINALIZE", object: LC, generation: "1" });
      expect(deliverer.backlog).toBe(0);
      await deliverer.idle();
      expect(endpoint.received()).toBe(0);
    } finally {
      await endpoint.close();
    }
  });

  it("resolves idle() only once the push in flight is acknowledged", async () => {
    const endpoint = await holdingEndpoint();
    const deliverer = createPushDeliverer({ pushUrl: endpoint.url, token: () => "t", bucket: "b", logger: capturingLogger().logger });
    try {
      deliverer.enqueue({ eventType: "OBJECT_FINALIZE", object: LC, generation: "1" });
      let idle = false;
      const idlePromise = deliverer.idle().then(() => (idle = true));
      await endpoint.arrival();
      await new Promise((resolve) => setImmediate(resolve));
      expect(idle).toBe(false);
      expect(deliverer.backlog).toBe(1);
      endpoint.release();
      await idlePromise;
      expect(deliverer.stats.delivered).toBe(1);
    } finally {
      await deliverer.close();
      await endpoint.close();
    }
  });
});

describe("selfSignedCertificate", () => {
  it("encodes validity dates before 2050 as UTCTime, YYMMDDHHMMSSZ (RFC 5280 §4.1.2.5.1)", () => {
    const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
    const pem = selfSignedCertificate(publicKey, privateKey, { commonName: "c", notBefore: new Date("2030-01-02T03:04:05Z"), notAfter: new Date("2049-12-31T23:59:59Z") });
    const der = Buffer.from(pem.replace(/-----[A-Z ]+-----|\n/g, ""), "base64");
    // Tag 0x17 (UTCTime), length 13, then the ASCII digits.
    expect(der.includes(Buffer.concat([Buffer.from([0x17, 13]), Buffer.from("300102030405Z")]))).toBe(true);
    expect(der.includes(Buffer.concat([Buffer.from([0x17, 13]), Buffer.from("491231235959Z")]))).toBe(true);
  });
});
