/**
 * Module boundaries (issue 15): the policy pack judges any program, so policies/ never imports
 * infra/ (only infra/ and the CLI may import policies/); the proxy never imports the combiner
 * (what both need lives in runtime/core).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Every import specifier (static, dynamic, type-only, re-export) of a file, resolved to a repository path. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1]!);
  return specifiers.filter((s) => s.startsWith(".")).map((s) => path.relative(ROOT, path.resolve(path.dirname(file), s)));
}

describe("layout", () => {
  it("policies/ imports nothing from infra/", () => {
    const offending = sources("policies").flatMap((file) => importsOf(file).filter((target) => target.startsWith("infra/")).map((target) => `${path.relative(ROOT, file)} → ${target}`));
    expect(offending).toEqual([]);
  });

  it("runtime/proxy/ imports nothing from runtime/combiner/", () => {
    const offending = sources("runtime/proxy").flatMap((file) =>
      importsOf(file).filter((target) => target.startsWith("runtime/combiner/")).map((target) => `${path.relative(ROOT, file)} → ${target}`),
    );
    expect(offending).toEqual([]);
  });
});
