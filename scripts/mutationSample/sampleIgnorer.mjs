// @ts-check
/**
 * A Stryker ignorer plugin ("piaa-sample") for sampled runs (main.ts). A `mutate` range selects a
 * node and every node nested in it, so a sampled function body would bring all of the function's
 * mutants into the run. This ignorer leaves out the nodes of a range that are neither a sampled
 * node nor an ancestor of one (Stryker ignores a whole subtree at once), so that only the sampled
 * mutants, the other mutators of their nodes and the few nodes between two nested sampled nodes
 * are run. It reads the sampled nodes from the JSON file named by PIAA_MUTATE_SAMPLE:
 * { "<file relative to the working directory>": [[startLine, startColumn, endLine, endColumn], ...] },
 * lines 1-based and columns 0-based as Babel gives them.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { declareValuePlugin, PluginKind } from "@stryker-mutator/api/plugin";

/** @typedef {[number, number, number, number]} Span */

/** The sampled nodes, read once per file named. @type {{ file: string, spans: Map<string, Span[]> } | undefined} */
let sampled;

function sampledSpans() {
  const file = process.env.PIAA_MUTATE_SAMPLE;
  if (!file) throw new Error("piaa-sample ignorer: PIAA_MUTATE_SAMPLE (the sampled nodes' file) is not set");
  if (sampled?.file !== file) sampled = { file, spans: new Map(Object.entries(JSON.parse(readFileSync(file, "utf8")))) };
  return sampled.spans;
}

/** @param {Span} outer @param {Span} inner */
function contains(outer, inner) {
  const startsBefore = outer[0] < inner[0] || (outer[0] === inner[0] && outer[1] <= inner[1]);
  const endsAfter = outer[2] > inner[2] || (outer[2] === inner[2] && outer[3] >= inner[3]);
  return startsBefore && endsAfter;
}

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, "piaa-sample", {
    /** @param {any} nodePath a Babel NodePath */
    shouldIgnore(nodePath) {
      const loc = nodePath.node.loc;
      const fileName = nodePath.hub?.file?.opts?.filename;
      if (!loc || !fileName) return undefined;
      const spans = sampledSpans().get(path.relative(process.cwd(), fileName)) ?? [];
      /** @type {Span} */
      const node = [loc.start.line, loc.start.column, loc.end.line, loc.end.column];
      return spans.some((span) => contains(node, span)) ? undefined : "not in the sample";
    },
  }),
];
