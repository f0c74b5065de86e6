/**
 * The key document cache's stale-if-error bound (RFC 5861) at its edge, on both paths that serve
 * a stale document (the failing refresh itself, and callers within the backoff that follows), plus
 * the refusal of a document holding any non-string value and the cause kept on a 503. The fetch
 * is a list of answers the test gives; the clock is moved by hand.
 */
import { describe, expect, it } from "vitest";
import { DependencyUnavailableError } from "../../../runtime/core/errors.js";
import { createLogger } from "../../../runtime/core/logging.js";
import { createKeyDocumentCache } from "../../../runtime/proxy/keyDocumentCache.js";

const DOCUMENT = { k1: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n" };
const PERIOD_MS = 60_000;
const STALE_MS = 30_000;

function setup(answers: Array<() => Promise<Response>>) {
  let nowMs = 7_000_000;
  let fetches = 0;
  const keys = createKeyDocumentCache({
    url: "https://keys.example.test/certs",
    subject: "IAP keys",
    logger: createLogger({ service: "proxy", level: "silent", destination: { write: () => {} } }),
    now: () => nowMs,
    cachePeriodMs: { default: PERIOD_MS, min: PERIOD_MS, max: PERIOD_MS },
    backoff: { baseDelayMs: 2 * STALE_MS, maxDelayMs: 2 * STALE_MS },
    staleIfErrorMs: STALE_MS,
    fetch: (() => (fetches++, answers.shift()!())) as unknown as typeof fetch,
  });
  return { keys, advance: (ms: number) => void (nowMs += ms), fetches: () => fetches };
}
const ok = () => Promise.resolve(new Response(JSON.stringify(DOCUMENT)));
const down = () => Promise.reject(new Error("down"));
const failure = (keys: () => Promise<unknown>) => keys().then(() => undefined, (error: unknown) => error);

describe("key document cache, stale-if-error", () => {
  it("serves the expired document from a failing refresh and to callers during its backoff", async () => {
    const { keys, advance, fetches } = setup([ok, down]);
    expect(await keys()).toEqual(DOCUMENT);
    advance(PERIOD_MS);
    expect(await keys()).toEqual(DOCUMENT); // the refresh fails: stale
    advance(STALE_MS - 1);
    expect(await keys()).toEqual(DOCUMENT); // within the backoff, no fetch: still stale, 1 ms before the bound
    expect(fetches()).toBe(2);
  });

  it("stops serving it at exactly staleIfErrorMs past expiry, on a failing refresh", async () => {
    const { keys, advance } = setup([ok, down]);
    await keys();
    advance(PERIOD_MS + STALE_MS);
    const error = await failure(keys);
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect((error as Error).message).toBe("IAP keys unavailable: down");
    expect((error as Error).cause).toEqual(new Error("down"));
  });

  it("refuses a document whose values are not all strings", async () => {
    const { keys } = setup([() => Promise.resolve(new Response(JSON.stringify({ ...DOCUMENT, k2: 42 })))]);
    expect(((await failure(keys)) as Error).message).toBe("IAP keys unavailable: the document is not a non-empty map of key id to PEM");
  });
});
