/**
 * The key document cache's edges (keyDocumentCache.ts): Cache-Control forms, the retry delay it
 * tells callers, what it logs, and a fetch failing with a non-Error. The fetch is a function the
 * test answers; the clock is moved by hand.
 */
import { describe, expect, it } from "vitest";
import { DependencyUnavailableError } from "../../../runtime/core/errors.js";
import { createLogger } from "../../../runtime/core/logging.js";
import { createKeyDocumentCache, DEFAULT_CACHE_PERIOD_MS, DEFAULT_KEY_FETCH_BACKOFF, DEFAULT_KEY_FETCH_TIMEOUT_MS, DEFAULT_STALE_IF_ERROR_MS, maxAgeMs } from "../../../runtime/proxy/keyDocumentCache.js";

const DOCUMENT = { k1: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n" };

function setup(answers: Array<() => Promise<Response>>) {
  let nowMs = 5_000_000;
  const lines: Array<Record<string, unknown>> = [];
  const requests: Array<{ url: string; signal: unknown }> = [];
  const logger = createLogger({ service: "proxy", level: "debug", destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  const keys = createKeyDocumentCache({
    url: "https://keys.example.test/certs",
    subject: "IAP keys",
    logger,
    now: () => nowMs,
    backoff: { baseDelayMs: 4000, maxDelayMs: 60_000 },
    fetch: ((url: string, init: RequestInit) => (requests.push({ url, signal: init.signal }), answers.shift()!())) as unknown as typeof fetch,
  });
  return { keys, lines, requests, advance: (ms: number) => void (nowMs += ms) };
}
const ok = (headers?: Record<string, string>) => () => Promise.resolve(new Response(JSON.stringify(DOCUMENT), { headers }));

describe("maxAgeMs", () => {
  it.each<[string, number | undefined]>([
    ['max-age="120"', 120_000],
    ["MAX-AGE=5", 5_000],
    ["public,max-age = 7", 7_000],
    ["s-maxage=10", undefined],
    ["public, s-maxage=10, max-age=3", 3_000],
    ["max-age=abc", undefined],
    ["", undefined],
  ])("reads %j", (header, expected) => {
    expect(maxAgeMs(header)).toBe(expected);
  });
});

describe("createKeyDocumentCache", () => {
  it("has the documented defaults", () => {
    expect(DEFAULT_KEY_FETCH_TIMEOUT_MS).toBe(5_000);
    expect(DEFAULT_CACHE_PERIOD_MS).toEqual({ default: 3_600_000, min: 60_000, max: 86_400_000 });
    expect(DEFAULT_KEY_FETCH_BACKOFF).toEqual({ baseDelayMs: 1_000, maxDelayMs: 60_000 });
    expect(DEFAULT_STALE_IF_ERROR_MS).toBe(3_600_000);
  });

  it("fetches its URL with a timeout signal, and logs with the document's name and URL", async () => {
    const { keys, requests, lines } = setup([() => Promise.reject(new Error("down"))]);
    await keys().catch(() => undefined);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.url).toBe("https://keys.example.test/certs");
    expect(requests[0]!.signal).toBeInstanceOf(AbortSignal);
    expect(lines).toEqual([
      expect.objectContaining({ severity: "WARNING", message: "cannot fetch key document", keyDocument: "IAP keys", url: "https://keys.example.test/certs", failedFetches: 1, retryInMs: 4000, reason: "down" }),
    ]);
  });

  it("tells callers to retry when the next fetch is due, in seconds, at least 1", async () => {
    const { keys, advance } = setup([() => Promise.reject(new Error("down"))]);
    const first = await keys().catch((error: unknown) => error);
    expect(first).toBeInstanceOf(DependencyUnavailableError);
    expect((first as DependencyUnavailableError).retryAfterS).toBe(4);
    expect((first as Error).message).toBe("IAP keys unavailable: down");
    advance(2500);
    const later = await keys().catch((error: unknown) => error);
    expect((later as DependencyUnavailableError).retryAfterS).toBe(1.5);
    expect((later as Error).message).toBe("IAP keys unavailable: down");
    advance(1000);
    expect(((await keys().catch((error: unknown) => error)) as DependencyUnavailableError).retryAfterS).toBe(1);
  });

  it("reports a fetch failing with a non-Error, and an HTTP error status", async () => {
    const { keys, advance } = setup([() => Promise.reject("socket hang up"), () => Promise.resolve(new Response("no", { status: 502 }))]);
    expect(((await keys().catch((error: unknown) => error)) as Error).message).toBe("IAP keys unavailable: socket hang up");
    advance(4000);
    expect(((await keys().catch((error: unknown) => error)) as Error).message).toBe("IAP keys unavailable: HTTP 502");
  });

  it("refuses a document that is not an object, or null", async () => {
    const body = (text: string) => () => Promise.resolve(new Response(text));
    const { keys, advance } = setup([body("null"), body('"pem"')]);
    expect(((await keys().catch((error: unknown) => error)) as Error).message).toBe("IAP keys unavailable: the document is not a JSON object");
    advance(4000);
    expect(((await keys().catch((error: unknown) => error)) as Error).message).toBe("IAP keys unavailable: the document is not a JSON object");
  });

  it("says nothing on a first successful fetch, and caches for the answer's max-age", async () => {
    const { keys, lines, requests, advance } = setup([ok({ "cache-control": "max-age=120" }), ok()]);
    expect(await keys()).toEqual(DOCUMENT);
    expect(lines).toEqual([]);
    advance(119_999);
    await keys();
    expect(requests).toHaveLength(1);
    advance(1);
    await keys();
    expect(requests).toHaveLength(2);
  });
});
