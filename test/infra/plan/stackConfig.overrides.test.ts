/**
 * `--config namespace:key=value` overrides at their edges: a key with anything after a valid
 * `namespace:key` is refused as malformed, and an unknown key far from every key the program reads
 * is refused listing those keys (a near miss is answered with "did you mean", stackConfig.test.ts).
 */
import { describe, expect, it } from "vitest";
import { checkOverrideKeys, parseOverride } from "../../../infra/plan/stackConfig.js";

describe("--config overrides", () => {
  it.each(["combiner:replicas!=5", "combiner:replicas x=5", "combiner:max/replicas=5"])("refuses the malformed key of %s", (text) => {
    expect(() => parseOverride(text)).toThrow(`--config ${JSON.stringify(text)}: expected namespace:key=value, e.g. combiner:replicas=5`);
  });

  it("lists the keys the program reads when an unknown key resembles none of them", () => {
    const known = ["combiner:replicas", "cluster:minNodes"];
    expect(() => checkOverrideKeys({ "zz:qqqqqqqqqqqq": "1" }, known)).toThrow(
      "--config zz:qqqqqqqqqqqq: the program reads no such key; the keys are combiner:replicas, cluster:minNodes",
    );
    expect(() => checkOverrideKeys({ "combiner:replicas": "3", "cluster:minNodes": "1" }, known)).not.toThrow();
  });
});
