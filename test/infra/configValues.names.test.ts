/**
 * Names a user types into the stack config, at their edges, as Google defines them:
 * project ids (https://cloud.google.com/resource-manager/docs/creating-managing-projects: 6–30
 * characters, lowercase letters, digits and hyphens, starting with a letter, not ending with a
 * hyphen), bucket names (https://cloud.google.com/storage/docs/buckets#naming: 3–63 characters
 * without dots, starting and ending with a letter or digit, not starting with "goog") and IAM
 * principals (https://cloud.google.com/iam/docs/principal-identifiers: user:, group:,
 * serviceAccount: with an e-mail address, domain: with a domain). A pattern that matched only part
 * of the value would let the rest through to `pulumi up`.
 */
import { describe, expect, it } from "vitest";
import { BUCKET_NAME, IAM_PRINCIPAL, PROJECT_ID } from "../../infra/configValues.js";

describe("PROJECT_ID", () => {
  it.each(["survey", "piaa-dev-1", "a".repeat(30)])("accepts %s", (id) => {
    expect(PROJECT_ID.test(id)).toBe(true);
  });

  it.each([
    ["a digit first", "1survey"],
    ["a hyphen last", "survey-dev-"],
    ["text after it", "survey-dev!"],
    ["31 characters", "a".repeat(31)],
    ["5 characters", "surve"],
  ])("refuses %s (%s)", (_why, id) => {
    expect(PROJECT_ID.test(id)).toBe(false);
  });
});

describe("BUCKET_NAME", () => {
  it.each(["abc", "piaa_dev-data", "9lives", "a".repeat(63)])("accepts %s", (name) => {
    expect(BUCKET_NAME.test(name)).toBe(true);
  });

  it.each([
    ["a hyphen last", "piaa-data-"],
    ["an underscore last", "piaa-data_"],
    ["64 characters", "a".repeat(64)],
    ["a goog prefix", "google-data"],
    ["a dot", "piaa.data"],
  ])("refuses %s (%s)", (_why, name) => {
    expect(BUCKET_NAME.test(name)).toBe(false);
  });
});

describe("IAM_PRINCIPAL", () => {
  it.each(["user:ana@example.org", "group:astro@example.org", "serviceAccount:ci@survey-1.iam.gserviceaccount.com", "domain:example.org"])("accepts %s", (principal) => {
    expect(IAM_PRINCIPAL.test(principal)).toBe(true);
  });

  it.each([
    ["anyone", "allUsers"],
    ["text before a user", "xuser:ana@example.org"],
    ["two principals in one", "user:ana@example.org,group:astro@example.org"],
    ["text before a domain", "alldomain:example.org"],
    ["a path after a domain", "domain:example.org/x"],
    ["an empty domain", "domain:"],
    ["an upper-case domain", "domain:Example.org"],
  ])("refuses %s (%s)", (_why, principal) => {
    expect(IAM_PRINCIPAL.test(principal)).toBe(false);
  });
});
