/**
 * How a PIAA HTTP service (proxy, combiner) listens and shuts down, one mechanism for both.
 *
 * Draining (SIGTERM) must end within a bound whatever clients do, without resetting a client
 * that did nothing wrong:
 * 1. the listener closes at once (new connections are refused);
 * 2. every answer from then on carries `Connection: close`, so no client sends another request
 *    on a connection the server is about to close (node then ends the socket after the answer);
 * 3. for a short grace, a connection that is idle (or still sending its request) may still bring
 *    that request: closing it at once races a keep-alive client that is writing its next request
 *    (the client sees ECONNRESET), and node's `server.close()` does exactly that, so the listener
 *    is closed with net.Server's close instead;
 * 4. after the grace, every connection without a completely received request is destroyed (idle,
 *    or headers or body half-sent: slowloris clients cannot hold the process);
 * 5. requests received in full are answered, and `settle` (the combiner's accepted segments)
 *    finishes, until the drain timeout; then every remaining connection is destroyed.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { Server as NetServer, type AddressInfo, type Socket } from "node:net";
import { UsageError } from "./commandLine.js";

/** A client idle (or sending) for this long after draining started is not about to be answered. */
export const DEFAULT_DRAIN_GRACE_MS = 1000;

export interface DrainOptions {
  /** Bound on the whole drain, in ms: past it every connection is cut. */
  timeoutMs: number;
  /** How long connections without a complete request may still bring one, in ms; @default DEFAULT_DRAIN_GRACE_MS (capped at timeoutMs). */
  graceMs?: number;
  /** Work accepted before the drain that must finish too (started when draining starts). */
  settle?: () => Promise<void>;
}

export interface HttpService {
  server: Server;
  port: number;
  /** True from the start of drain(): answers close their connection; apps refuse new work. */
  readonly draining: boolean;
  /** Drains as described above (once; later calls share it); true when everything accepted was answered in time. */
  drain(options: DrainOptions): Promise<boolean>;
}

interface Connection {
  /** The request being read or answered on this connection, and its answer, if any. */
  exchange?: { request: IncomingMessage; response: ServerResponse };
}

/** Listens on host:port (0: any free port); a port that cannot be bound is a UsageError naming it. */
export async function listenHttp(server: Server, port: number, host: string): Promise<HttpService> {
  const connections = new Map<Socket, Connection>();
  let draining = false;
  /** Called whenever an exchange ends or a connection closes, while the drain waits on them. */
  let changed: (() => void) | undefined;
  server.on("connection", (socket: Socket) => {
    connections.set(socket, {});
    socket.once("close", () => {
      connections.delete(socket);
      changed?.();
    });
  });
  // Ahead of the app's listener, so that its answers already carry the header.
  server.prependListener("request", (request: IncomingMessage, response: ServerResponse) => {
    const connection = connections.get(request.socket);
    if (connection) connection.exchange = { request, response };
    response.once("close", () => {
      if (connection?.exchange?.request === request) delete connection.exchange;
      changed?.();
    });
    if (draining) response.setHeader("Connection", "close");
  });

  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", (error) => reject(new UsageError(`PORT ${port} on ${host}: cannot listen (${error.message})`)));
    server.listen(port, host);
  });

  const cut = (keep: (connection: Connection) => boolean): void => {
    for (const [socket, connection] of connections) if (!keep(connection)) socket.destroy();
  };
  /** Resolves once every connection satisfies `done` (checked again at each change), or after `ms`. */
  const until = (done: (connection: Connection) => boolean, ms: number): Promise<boolean> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      changed = () => {
        if (![...connections.values()].every(done)) return;
        clearTimeout(timer);
        resolve(true);
      };
      changed();
    });

  let drained: Promise<boolean> | undefined;
  const drain = (options: DrainOptions): Promise<boolean> => {
    drained ??= (async () => {
      draining = true;
      const startedAt = Date.now();
      const settled = options.settle?.() ?? Promise.resolve();
      const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
      for (const { exchange } of connections.values()) {
        if (exchange !== undefined && !exchange.response.headersSent) exchange.response.setHeader("Connection", "close");
      }
      const graceMs = Math.min(options.graceMs ?? DEFAULT_DRAIN_GRACE_MS, options.timeoutMs);
      // The grace ends early once no connection is left.
      await until(() => false, graceMs);
      cut((connection) => connection.exchange?.request.complete === true);
      const remainingMs = (): number => Math.max(0, options.timeoutMs - (Date.now() - startedAt));
      const answered = await until((connection) => connection.exchange === undefined, remainingMs());
      let timer: NodeJS.Timeout | undefined;
      const inTime =
        answered &&
        (await Promise.race([
          settled.then(() => true),
          new Promise<boolean>((resolve) => {
            timer = setTimeout(() => resolve(false), remainingMs());
          }),
        ]));
      clearTimeout(timer);
      changed = undefined;
      cut(() => false);
      await closed;
      return inTime;
    })();
    return drained;
  };

  return {
    server,
    port: (server.address() as AddressInfo).port,
    get draining() {
      return draining;
    },
    drain,
  };
}
