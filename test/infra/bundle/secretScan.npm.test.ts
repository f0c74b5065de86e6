/**
 * npm access tokens in a bundle or build context: `npm_` and 36 letters and digits (the format
 * GitHub's secret scanning and npm document for granular and automation tokens), found wherever they
 * appear in a file; npm's own `npm_config_*` / `npm_package_*` environment names, which bundled code
 * reads, and shorter look-alikes are not tokens.
 */
import { describe, expect, it } from "vitest";
import { scanFile } from "../../../infra/bundle/secretScan.js";

const TOKEN = `npm_${"aB3".repeat(12)}`;

describe("scanFile, npm tokens", () => {
  it.each([
    ["an .npmrc line copied into code", `const rc = "//registry.npmjs.org/:_authToken=${TOKEN}";`],
    ["a token on its own", TOKEN],
  ])("finds %s", (_what, contents) => {
    expect(scanFile("main.mjs", contents)).toEqual([{ file: "main.mjs", reason: "npm token" }]);
  });

  it.each([
    ["npm's environment names", "const cache = process.env.npm_config_cache ?? process.env.npm_package_version;"],
    ["35 characters", `npm_${"a".repeat(35)}`],
    ["37 characters", `npm_${"a".repeat(37)}`],
  ])("finds nothing in %s", (_what, contents) => {
    expect(scanFile("main.mjs", contents)).toEqual([]);
  });
});
