import { describe, expect, it } from "vitest";
import { isoToUnixSeconds } from "../../../runtime/core/time.js";

describe("isoToUnixSeconds", () => {
  it("names the time it refuses and the form it expects", () => {
    expect(() => isoToUnixSeconds("2016-07-02T09:18:28Z")).toThrow('not a UTC ISO-8601 time without zone: "2016-07-02T09:18:28Z"');
  });
});
