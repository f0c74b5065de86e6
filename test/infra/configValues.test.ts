import { describe, expect, it } from "vitest";
import { MACHINE_TYPE, booleanValue, choiceValue, integerValue } from "../../infra/configValues.js";

describe("config value parsers", () => {
  it.each([
    ["5", 5],
    [" 7 ", 7],
    ["0", 0],
  ])("integerValue(%j) = %d", (text, value) => {
    expect(integerValue("k:n", text, 0, 10)).toBe(value);
  });

  it.each(["", "1e1", "0x5", "5.0", "-1", "11", "abc"])("integerValue rejects %j with the key, value and range", (text) => {
    expect(() => integerValue("k:n", text, 0, 10)).toThrow(`config k:n = ${JSON.stringify(text)} is invalid: must be an integer from 0 to 10`);
  });

  it.each([
    ["true", true],
    ["FALSE", false],
  ])("booleanValue(%j) = %s", (text, value) => {
    expect(booleanValue("k:b", text)).toBe(value);
  });

  it("booleanValue rejects anything else", () => {
    expect(() => booleanValue("k:b", "1")).toThrow("k:b");
  });

  it("choiceValue names the choices", () => {
    expect(choiceValue("k:c", "B", ["A", "B"])).toBe("B");
    expect(() => choiceValue("k:c", "C", ["A", "B"])).toThrow("must be one of A, B");
  });

  // Machine type names: https://cloud.google.com/compute/docs/machine-resource
  it.each(["e2-micro", "e2-small", "e2-standard-4", "n2d-highcpu-8", "n2-highmem-16", "c3-standard-4-lssd", "custom-4-16384", "n2-custom-2-8192-ext"])(
    "accepts machine type %s",
    (type) => {
      expect(MACHINE_TYPE.test(type)).toBe(true);
    },
  );

  it.each(["large", "e2", "e2-standard-", "E2-standard-4", "e2_standard_4", "e2-huge-4"])("rejects machine type %s", (type) => {
    expect(MACHINE_TYPE.test(type)).toBe(false);
  });
});
