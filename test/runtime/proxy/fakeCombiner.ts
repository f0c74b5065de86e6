/**
 * A stand-in for the combiner's HTTP edge on 127.0.0.1, imitating its documented contract
 * (design §5): `POST /v1/segments {bucket, object, generation, eventType}` with a bearer secret,
 * 200 once durable, 4xx for invalid input, 503 when overloaded. It records every request and
 * answers with the statuses a test scripts (200 once the script runs out).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  path: string;
  authorization: string | undefined;
  body: unknown;
}

export interface FakeCombiner {
  url: string;
  requests: RecordedRequest[];
  /** Statuses for the next requests, in order. */
  script(...statuses: number[]): void;
  close(): Promise<void>;
}

export async function startFakeCombiner(): Promise<FakeCombiner> {
  const requests: RecordedRequest[] = [];
  const statuses: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      requests.push({ path: req.url ?? "", authorization: req.headers.authorization, body: text ? JSON.parse(text) : undefined });
      const status = statuses.shift() ?? 200;
      const message = status === 200 ? "merged" : `scripted status ${status}`;
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ message }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...next) => statuses.push(...next),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
