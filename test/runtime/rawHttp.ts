/**
 * A hostile HTTP/1.1 client on a raw socket, for what fetch cannot do: hold a connection idle,
 * send part of the headers or of a declared body and stop, or declare a body it never sends.
 * Each connection records what the server wrote and whether (and how) the server closed it.
 */
import net from "node:net";

export interface RawConnection {
  socket: net.Socket;
  /** Everything the server has written so far. */
  received(): string;
  /** Resolves once the server closed the connection (FIN or reset), with what it wrote. */
  closed: Promise<{ text: string; error?: string }>;
  /** The status of the first answer, once its status line has arrived. */
  status(): Promise<number>;
}

export async function openRaw(port: number): Promise<RawConnection> {
  const socket = net.connect(port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  let text = "";
  const waiters: Array<() => void> = [];
  socket.on("data", (chunk: Buffer) => {
    text += chunk.toString("latin1");
    for (const wake of waiters.splice(0)) wake();
  });
  let error: string | undefined;
  socket.on("error", (e: NodeJS.ErrnoException) => {
    error = e.code ?? e.message;
  });
  const closed = new Promise<{ text: string; error?: string }>((resolve) => socket.once("close", () => resolve({ text, error })));
  const status = async (): Promise<number> => {
    for (;;) {
      const match = /^HTTP\/1\.1 (\d{3})/.exec(text);
      if (match) return Number(match[1]);
      if (socket.destroyed) throw new Error(`connection closed without an answer (${error ?? "no error"})`);
      await Promise.race([new Promise<void>((resolve) => waiters.push(resolve)), closed]);
    }
  };
  return { socket, received: () => text, closed, status };
}

/** The request line and headers of a POST, without the blank line that ends them unless `complete`. */
export function postHead(path: string, headers: Record<string, string>, complete = true): string {
  const lines = [`POST ${path} HTTP/1.1`, "Host: 127.0.0.1", ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
  return `${lines.join("\r\n")}\r\n${complete ? "\r\n" : ""}`;
}

/** The value of a header of the first answer (lower-case name), if present. */
export function answerHeader(text: string, name: string): string | undefined {
  const head = text.split("\r\n\r\n")[0] ?? "";
  const line = head.split("\r\n").find((candidate) => candidate.toLowerCase().startsWith(`${name}:`));
  return line?.slice(name.length + 1).trim();
}
