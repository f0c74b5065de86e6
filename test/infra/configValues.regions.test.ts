/**
 * `gcp:region` at its edges, as Google names regions (https://cloud.google.com/compute/docs/regions-zones:
 * `<area>-<direction><number>`, e.g. us-central1; numbers run past 9, as in europe-west10, Berlin, and
 * europe-west12, Turin; a zone is its region plus `-<letter>`, e.g. us-central1-a). A zone typed where
 * the region belongs, or any text around a region, must be refused here rather than reach `pulumi up`.
 */
import { describe, expect, it } from "vitest";
import { REGION } from "../../infra/configValues.js";

describe("REGION", () => {
  it.each(["us-central1", "europe-west4", "europe-west10", "europe-west12", "northamerica-northeast2", "me-central2"])("accepts %s", (region) => {
    expect(REGION.test(region)).toBe(true);
  });

  it.each([
    ["a zone", "us-central1-a"],
    ["a digit before it", "1us-central1"],
    ["no number", "us-central"],
    ["capitals", "US-central1"],
    ["a space after it", "us-central1 "],
  ])("refuses %s (%j)", (_why, region) => {
    expect(REGION.test(region)).toBe(false);
  });
});
