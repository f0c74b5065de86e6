/**
 * withCasRetries as its callers (applyChanges, rebuild) rely on it: only a lost compare-and-swap
 * is repeated, the attempt number counts from 1, and after the last allowed conflict the caller
 * gets a StoreUnavailableError naming the object (a 503, redelivered later).
 */
import { describe, expect, it } from "vitest";
import { NotFoundError, PreconditionFailedError, StoreUnavailableError } from "../../../runtime/core/errors.js";
import { DEFAULT_MAX_ATTEMPTS, isRetryable, withCasRetries } from "../../../runtime/combiner/casRetry.js";

const OBJECT = "MLC/PIC_J0326137+295015.json";
const conflict = () => new PreconditionFailedError(OBJECT, "7");

/** Attempts that lose the race `losses` times, then answer their number; pauses recorded, none slept. */
function racing(losses: number) {
  const seen: number[] = [];
  const pauses: number[] = [];
  const attempt = async (n: number) => {
    seen.push(n);
    if (seen.length <= losses) throw conflict();
    return `won at ${n}`;
  };
  const sleep = async (ms: number) => void pauses.push(ms);
  return { seen, pauses, attempt, sleep };
}

describe("withCasRetries", () => {
  it("repeats lost races with attempt numbers 1, 2, 3 and returns the winning attempt's value", async () => {
    const run = racing(2);
    await expect(withCasRetries(OBJECT, { maxAttempts: 3, sleep: run.sleep, random: () => 0.5, baseDelayMs: 8 }, run.attempt)).resolves.toBe("won at 3");
    expect(run.seen).toEqual([1, 2, 3]);
    // Full jitter: random × base × 2^(retry − 1), one pause per lost race.
    expect(run.pauses).toEqual([4, 8]);
  });

  it("gives up after maxAttempts conflicts with StoreUnavailableError naming the object, the count and the cause", async () => {
    const run = racing(Infinity);
    const result = withCasRetries(OBJECT, { maxAttempts: 3, sleep: run.sleep, random: () => 0 }, run.attempt);
    const error = await result.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error).toMatchObject({ objectName: OBJECT, message: `object store unavailable for ${OBJECT}: gave up after 3 conflicting writes` });
    expect((error as Error).cause).toBeInstanceOf(PreconditionFailedError);
    expect(run.seen).toEqual([1, 2, 3]);
    // No pause after the last attempt: the caller is answered at once.
    expect(run.pauses).toHaveLength(2);
  });

  it("with maxAttempts 1 does not retry at all", async () => {
    const run = racing(1);
    await expect(withCasRetries(OBJECT, { maxAttempts: 1, sleep: run.sleep }, run.attempt)).rejects.toThrow(/gave up after 1 conflicting writes/);
    expect(run.seen).toEqual([1]);
    expect(run.pauses).toEqual([]);
  });

  it("passes any other failure to the caller at once, unwrapped", async () => {
    const pauses: number[] = [];
    let calls = 0;
    const gone = new NotFoundError(OBJECT);
    const result = withCasRetries(OBJECT, { sleep: async (ms) => void pauses.push(ms) }, async () => {
      calls++;
      throw gone;
    });
    await expect(result).rejects.toBe(gone);
    expect(calls).toBe(1);
    expect(pauses).toEqual([]);
  });

  it(`allows ${DEFAULT_MAX_ATTEMPTS} attempts when none is configured, pausing at most maxDelayMs`, async () => {
    const run = racing(Infinity);
    await expect(withCasRetries(OBJECT, { sleep: run.sleep, random: () => 0.999, maxDelayMs: 100 }, run.attempt)).rejects.toThrow(StoreUnavailableError);
    expect(run.seen).toHaveLength(DEFAULT_MAX_ATTEMPTS);
    expect(Math.max(...run.pauses)).toBeLessThanOrEqual(100);
    expect(run.pauses.at(-1)).toBe(100);
  });

  it("counts only a refused precondition as retryable", () => {
    expect(isRetryable(conflict())).toBe(true);
    expect(isRetryable(new StoreUnavailableError(OBJECT, "down"))).toBe(false);
    expect(isRetryable(new NotFoundError(OBJECT))).toBe(false);
    expect(isRetryable(new Error("precondition failed"))).toBe(false);
  });
});
