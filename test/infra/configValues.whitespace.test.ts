/**
 * A config value typed with a space around it (`pulumi config set cluster:spotNodes "true "`, or a
 * hand-edited stack file with a quoted value) means the same as without: the parsers trim, as
 * integerValue's " 7 " and proxy:service's " survey-1 " show (configValues.test.ts,
 * config.keys.test.ts). This pins it for booleanValue, whose words are also matched without case.
 */
import { describe, expect, it } from "vitest";
import { booleanValue } from "../../infra/configValues.js";

describe("booleanValue with whitespace around the word", () => {
  it.each([
    [" true ", true],
    ["\tTrue\n", true],
    ["false ", false],
    [" FALSE", false],
  ])("reads %j as %s", (text, value) => {
    expect(booleanValue("cluster:spotNodes", text)).toBe(value);
  });

  it("still refuses a word inside other text, naming the key", () => {
    expect(() => booleanValue("cluster:spotNodes", "true, please")).toThrow("config cluster:spotNodes = \"true, please\" is invalid: must be true or false");
  });
});
