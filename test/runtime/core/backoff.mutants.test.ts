/** Full-jitter backoff (backoff.ts): uniform in [0, min(cap, base·2^(retry-1))]. */
import { describe, expect, it } from "vitest";
import { jitteredBackoffMs, sleep } from "../../../runtime/core/backoff.js";

const options = { baseDelayMs: 100, maxDelayMs: 1000 };

describe("jitteredBackoffMs", () => {
  it("doubles the ceiling per retry from the base, up to the cap", () => {
    const ceiling = (retry: number) => jitteredBackoffMs(retry, options, () => 1);
    expect([1, 2, 3, 4, 5, 10].map(ceiling)).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it("scales the ceiling by the random draw, rounded to whole ms", () => {
    expect(jitteredBackoffMs(3, options, () => 0)).toBe(0);
    expect(jitteredBackoffMs(3, options, () => 0.5)).toBe(200);
    expect(jitteredBackoffMs(1, { baseDelayMs: 3, maxDelayMs: 10 }, () => 0.5)).toBe(2);
  });

  it("draws from Math.random by default, within the ceiling", () => {
    for (let i = 0; i < 20; i++) {
      const wait = jitteredBackoffMs(2, options);
      expect(wait).toBeGreaterThanOrEqual(0);
      expect(wait).toBeLessThanOrEqual(200);
    }
  });
});

describe("sleep", () => {
  it("resolves after a timer, not synchronously", async () => {
    let done = false;
    const slept = sleep(1).then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    await slept;
    expect(done).toBe(true);
  });
});
