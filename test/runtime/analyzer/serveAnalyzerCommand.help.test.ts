/**
 * `piaa serve analyzer --help` is where an operator learns how the analyzer is configured: it
 * must name every environment variable the analyzer reads. The variables are found by reading
 * the configuration through an environment that records each name asked for, so a variable added
 * to config.ts without a word in the help fails here.
 */
import { describe, expect, it } from "vitest";
import { readAnalyzerConfig } from "../../../runtime/analyzer/config.js";
import { serveAnalyzerCommand } from "../../../runtime/analyzer/serveAnalyzerCommand.js";

function variablesRead(): string[] {
  const read = new Set<string>();
  readAnalyzerConfig(new Proxy({}, { get: (_target, name) => void (typeof name === "string" && read.add(name)) }));
  return [...read];
}

describe("piaa serve analyzer --help", () => {
  it("names every environment variable the analyzer's configuration reads", () => {
    let help = "";
    serveAnalyzerCommand()
      .configureOutput({ writeOut: (text) => void (help += text) })
      .outputHelp();
    const variables = variablesRead();
    expect(variables).toEqual(expect.arrayContaining(["PIAA_BUCKET", "PIAA_ANALYZER_SUBSCRIPTION", "PIAA_ANALYZER_SCAN_MS", "PORT"]));
    expect(variables.filter((name) => !new RegExp(`\\b${name}\\b`).test(help))).toEqual([]);
  });
});
