/**
 * readCombinerConfig's limits hold only the variables that are set: the app spreads them over
 * its defaults, so a key present with the value undefined would erase a default (the coalescing
 * window, the queue bound, the body limit, the tail and cache sizes) instead of keeping it.
 */
import { describe, expect, it } from "vitest";
import { readCombinerConfig } from "../../../runtime/combiner/config.js";

const TOKEN = "a-shared-secret-of-some-length";

describe("readCombinerConfig limits", () => {
  it("has no key at all for a limit whose variable is unset", () => {
    expect(readCombinerConfig({ PIAA_COMBINER_TOKEN: TOKEN }).limits).toStrictEqual({});
    expect(Object.keys(readCombinerConfig({ PIAA_COMBINER_TOKEN: TOKEN, PIAA_COMBINER_WINDOW_MS: "0" }).limits)).toEqual(["windowMs"]);
  });
});
