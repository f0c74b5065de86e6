/**
 * Item 2: one Node major in the cloud — App Engine's runtime, the bundle's engines and the
 * combiner image — and a runtime App Engine still deploys; the bundle still targets Node 20,
 * which the project runs and tests on here.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BUNDLE_NODE_TARGETS, PROXY_NODE_MAJOR, proxyPackageJson, REPOSITORY_ROOT } from "../../infra/bundle/bundleService.js";
import { PROXY_RUNTIME } from "../../infra/components/notificationProxy.js";
import { unsupportedRuntime } from "../../policies/contract/supportedRuntimes.js";

describe("Node versions", () => {
  it("deploys the proxy on a runtime App Engine supports today", () => {
    expect(PROXY_RUNTIME).toBe(`nodejs${PROXY_NODE_MAJOR}`);
    expect(unsupportedRuntime(PROXY_RUNTIME, new Date())).toBeUndefined();
  });

  it("uses the same major in the bundle's engines and in both stages of the combiner image", () => {
    expect((JSON.parse(proxyPackageJson()) as { engines: { node: string } }).engines.node).toBe(`${PROXY_NODE_MAJOR}.x`);
    const dockerfile = readFileSync(path.join(REPOSITORY_ROOT, "runtime/Dockerfile"), "utf8");
    const bases = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
    expect(bases).toEqual([`node:${PROXY_NODE_MAJOR}-slim`, `node:${PROXY_NODE_MAJOR}-slim`]);
  });

  it("bundles for the cloud's Node and for the Node 20 the project runs on here", () => {
    expect(BUNDLE_NODE_TARGETS).toEqual(["node20", `node${PROXY_NODE_MAJOR}`]);
    expect(Number(process.versions.node.split(".")[0])).toBeGreaterThanOrEqual(20);
  });
});
