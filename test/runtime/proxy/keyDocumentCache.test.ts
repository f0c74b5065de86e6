/**
 * The signing-key document cache with a scripted fetch and a hand-moved clock: one fetch per
 * cache period shared by concurrent callers, backoff while the endpoint fails, one log line per
 * failed fetch, stale-if-error. Fetches are held open by the test, so the interleavings
 * (callers arriving while a fetch is in flight) are forced, not hoped for.
 */
import { describe, expect, it } from "vitest";
import { DependencyUnavailableError } from "../../../runtime/core/errors.js";
import { createLogger } from "../../../runtime/core/logging.js";
import { createKeyDocumentCache, maxAgeMs, type KeyDocumentCacheOptions } from "../../../runtime/proxy/keyDocumentCache.js";

const DOCUMENT = { k1: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n" };

interface Scripted {
  /** Fetches started so far. */
  started: number;
  /** Settles the oldest unsettled fetch: a document with a max-age, an HTTP status, or a network error. */
  answer(outcome: { body?: unknown; maxAgeS?: number; status?: number } | Error): void;
}

function setup(overrides: Partial<KeyDocumentCacheOptions> = {}) {
  let nowMs = 1_000_000;
  const lines: Array<Record<string, unknown>> = [];
  const pending: Array<(outcome: Parameters<Scripted["answer"]>[0]) => void> = [];
  const scripted: Scripted = {
    started: 0,
    answer: (outcome) => pending.shift()!(outcome),
  };
  const fetch = (() => {
    scripted.started++;
    return new Promise<Response>((resolve, reject) => {
      pending.push((outcome) => {
        if (outcome instanceof Error) return reject(outcome);
        const headers = outcome.maxAgeS === undefined ? undefined : { "cache-control": `public, max-age=${outcome.maxAgeS}, must-revalidate` };
        resolve(new Response(JSON.stringify(outcome.body ?? DOCUMENT), { status: outcome.status ?? 200, headers }));
      });
    });
  }) as typeof globalThis.fetch;
  const logger = createLogger({ service: "proxy", level: "debug", destination: { write: (line: string) => lines.push(JSON.parse(line)) } });
  const keys = createKeyDocumentCache({
    url: "https://keys.example.test/certs",
    subject: "push token certificates",
    logger,
    fetch,
    now: () => nowMs,
    backoff: { baseDelayMs: 1000, maxDelayMs: 8000 },
    staleIfErrorMs: 60_000,
    ...overrides,
  });
  const advance = (ms: number) => void (nowMs += ms);
  const failures = () => lines.filter((line) => line.message === "cannot fetch key document");
  return { keys, scripted, advance, lines, failures };
}

describe("createKeyDocumentCache", () => {
  it("shares one fetch among concurrent callers and serves the document for its max-age", async () => {
    const { keys, scripted, advance } = setup();
    const callers = Array.from({ length: 50 }, () => keys());
    expect(scripted.started).toBe(1);
    scripted.answer({ maxAgeS: 300 });
    for (const result of await Promise.all(callers)) expect(result).toEqual(DOCUMENT);
    advance(299_000);
    await keys();
    expect(scripted.started).toBe(1);
    advance(1000);
    const refreshed = keys();
    expect(scripted.started).toBe(2);
    scripted.answer({ body: { k2: "pem" }, maxAgeS: 300 });
    expect(await refreshed).toEqual({ k2: "pem" });
  });

  it.each([
    ["no max-age", undefined, 3_600_000],
    ["a max-age under the minimum", 1, 60_000],
    ["a max-age over the maximum", 10 * 86_400, 86_400_000],
  ])("with %s caches for the default or the bound", async (_case, maxAgeS, periodMs) => {
    const { keys, scripted, advance } = setup();
    const first = keys();
    scripted.answer({ maxAgeS });
    await first;
    advance(periodMs - 1);
    await keys();
    expect(scripted.started).toBe(1);
    advance(1);
    void keys();
    expect(scripted.started).toBe(2);
  });

  it("during an outage fetches once per backoff interval, logs one line per fetch and fails every caller with 503", async () => {
    const { keys, scripted, advance, lines, failures } = setup();
    const burst = Array.from({ length: 100 }, () => keys().catch((error: unknown) => error));
    scripted.answer(new TypeError("fetch failed"));
    for (const error of await Promise.all(burst)) expect(error).toBeInstanceOf(DependencyUnavailableError);
    // Callers during the backoff fail at once, without fetching or logging.
    const during = await Promise.all(Array.from({ length: 100 }, () => keys().catch((error: unknown) => error)));
    expect(during.every((error) => error instanceof DependencyUnavailableError && error.retryAfterS === 1)).toBe(true);
    expect(scripted.started).toBe(1);
    expect(failures()).toHaveLength(1);
    expect(failures()[0]).toMatchObject({ severity: "WARNING", failedFetches: 1, retryInMs: 1000, reason: "fetch failed" });
    // Waits double: 1 s, 2 s, 4 s, then the 8 s cap.
    for (const [waitMs, fetches] of [[1000, 2], [2000, 3], [4000, 4], [8000, 5], [8000, 6]] as const) {
      advance(waitMs - 1);
      await keys().catch(() => undefined);
      expect(scripted.started).toBe(fetches - 1);
      advance(1);
      const attempt = keys().catch((error: unknown) => error);
      expect(scripted.started).toBe(fetches);
      scripted.answer({ status: 500 });
      expect(await attempt).toBeInstanceOf(DependencyUnavailableError);
    }
    expect(failures().map((line) => line.retryInMs)).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    expect(lines.filter((line) => line.severity === "ERROR")).toHaveLength(0);
    // Recovery: the next fetch after the wait succeeds, says so once, and clears the backoff.
    advance(8000);
    const recovered = keys();
    scripted.answer({ maxAgeS: 300 });
    expect(await recovered).toEqual(DOCUMENT);
    expect(lines.filter((line) => line.message === "key document fetched again")).toEqual([expect.objectContaining({ failedFetches: 6 })]);
  });

  it("keeps serving an expired document while refreshing fails, for at most staleIfErrorMs", async () => {
    const { keys, scripted, advance } = setup();
    const first = keys();
    scripted.answer({ maxAgeS: 300 });
    await first;
    advance(300_000);
    const refresh = keys();
    scripted.answer(new TypeError("fetch failed"));
    expect(await refresh).toEqual(DOCUMENT);
    // Past the 1 s backoff, still within the 60 s of stale-if-error: fetched again, stale served.
    advance(59_999);
    const late = keys();
    expect(scripted.started).toBe(3);
    scripted.answer(new TypeError("fetch failed"));
    expect(await late).toEqual(DOCUMENT);
    // In the backoff and past stale-if-error: refused without a fetch.
    advance(1);
    await expect(keys()).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(scripted.started).toBe(3);
  });

  it.each([
    ["an array", [1, 2]],
    ["an empty object", {}],
    ["a non-string key", { k1: 42 }],
  ])("treats %s as a failed fetch", async (_case, body) => {
    const { keys, scripted, failures } = setup();
    const attempt = keys().catch((error: unknown) => error);
    scripted.answer({ body });
    expect(await attempt).toBeInstanceOf(DependencyUnavailableError);
    expect(failures()).toHaveLength(1);
  });
});

describe("maxAgeMs", () => {
  it.each([
    ["public, max-age=19802, must-revalidate, no-transform", 19_802_000],
    ["max-age=0", 0],
    ["no-cache", undefined],
    [null, undefined],
  ])("reads %s", (header, expected) => {
    expect(maxAgeMs(header)).toBe(expected);
  });
});
